using Cortex.Server.Cli;
using Cortex.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace Cortex.Server.Tests.Hosting;

/// <summary>
/// Where <c>cortex serve</c> listens follows ASP.NET Core's conventions, as containers, systemd units and
/// hosting tools expect: <c>--urls</c>, else ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS and their kin, else Cortex's default.
/// </summary>
public sealed class ListenAddressTests
{
    static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void The_command_line_wins_then_the_hosts_own_settings_then_the_default()
    {
        Assert.Equal("http://127.0.0.1:7000", ListenAddresses.Choose("http://127.0.0.1:7000", Configuration(("urls", "http://127.0.0.1:9000"))));
        Assert.Null(ListenAddresses.Choose(null, Configuration(("urls", "http://127.0.0.1:9000"))));
        Assert.Null(ListenAddresses.Choose(null, Configuration(("http_ports", "8080"))));
        Assert.Null(ListenAddresses.Choose(null, Configuration(("https_ports", "8443"))));
        Assert.Null(ListenAddresses.Choose(" ", Configuration(("Kestrel:Endpoints:Web:Url", "http://127.0.0.1:9000"))));
        Assert.Equal(ListenAddresses.Default, ListenAddresses.Choose(null, Configuration()));
    }

    [Fact]
    public async Task Aspnetcore_urls_moves_the_server_and_an_explicit_urls_still_wins()
    {
        var data = Directory.CreateTempSubdirectory("cortex-urls-").FullName;
        var environment = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.2:0" };

        await using (var byEnvironment = await ServerProcess.StartAsync(new ServerProcess.Options(data, ApiKey: null, Settings: environment, Urls: null)))
            Assert.Equal("127.0.0.2", byEnvironment.Address.Host);

        await using var byFlag = await ServerProcess.StartAsync(new ServerProcess.Options(data, ApiKey: null, OwnsData: true, Settings: environment));
        Assert.Equal("127.0.0.1", byFlag.Address.Host);
    }
}
