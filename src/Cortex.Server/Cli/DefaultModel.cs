namespace Cortex.Server.Cli;

/// <summary>Where the model shipped with Cortex lives: beside the executable, copied there by the build.</summary>
public static class DefaultModel
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "models", "default");

    public static string Resolve(string? requested) => string.IsNullOrWhiteSpace(requested) ? Directory : Path.GetFullPath(requested);
}
