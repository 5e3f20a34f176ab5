namespace Cortex.BrowserBench;

static class Arguments
{
    /// <summary>The JSON report's path: <c>--out PATH</c>, else <c>docs/benchmarks/browser-&lt;date&gt;.json</c> under the working directory.</summary>
    public static string OutputPath(string[] args) => args switch
    {
        [] => Path.Combine("docs", "benchmarks", $"browser-{DateTime.Now:yyyy-MM-dd}.json"),
        ["--out", var path] when !string.IsNullOrWhiteSpace(path) => path,
        _ => throw new ArgumentException($"unexpected arguments: {string.Join(' ', args)}"),
    };
}
