namespace Cortex.Server.Hosting;

/// <summary>
/// Where the server listens, as ASP.NET Core decides it: <c>--urls</c> first, then what the environment or
/// configuration says (<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c>, a
/// <c>Kestrel:Endpoints</c> section), and only when nothing names an address, Cortex's own default.
/// </summary>
public static class ListenAddresses
{
    public const string Default = "http://localhost:5080";

    /// <summary>The addresses to impose on the host, or null to leave the choice to the host's configuration.</summary>
    public static string? Choose(string? commandLine, IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(commandLine) ? commandLine
        : new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
          || configuration.GetSection("Kestrel:Endpoints").Exists() ? null
        : Default;
}
