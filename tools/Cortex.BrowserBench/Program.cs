using Cortex.BrowserBench;
using Cortex.EndToEnd;
using Microsoft.Playwright;

// Measures the dashboard in Debian's Chromium against the real server: first-page loads with a long
// experiment history, and the frame rate the Live tab draws during a codebook-level run.
const int Experiments = 1_000;
const int Loads = 5;
const int LiveSteps = 1_500;

string output;
try
{
    output = Arguments.OutputPath(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"browser-bench: {e.Message}");
    Console.Error.WriteLine("usage: Cortex.BrowserBench [--out PATH]   (default docs/benchmarks/browser-<date>.json)");
    return 2;
}

// Warnings only: the server's request and lifecycle logs would bury the report.
await using var server = await LiveServer.StartAsync(builder => builder.Configuration["Logging:LogLevel:Default"] = "Warning");
using var playwright = await Playwright.CreateAsync();
await using var browser = await HeadlessChromium.LaunchAsync(playwright);

Console.WriteLine($"Storing {Experiments} finished experiments…");
await ExperimentSeeder.SeedAsync(server, Experiments);
Console.WriteLine($"Loading each page {Loads} times in fresh browser contexts…");
var pages = await PageLoadBenchmark.RunAsync(browser, server,
[
    new("/", "[data-testid=recent-experiments]"),
    new("/experiments", "[data-testid=experiment-list]"),
], Loads);
Console.WriteLine($"Watching a {LiveSteps}-step codebook-level run decoded every step…");
var live = await LiveFrameBenchmark.RunAsync(server, browser, LiveSteps);

var report = BenchReport.Create(browser.Version, Experiments, pages, live);
Console.WriteLine();
Console.Write(report.ToTable());
report.Write(output);
Console.WriteLine($"Wrote {output}");
return 0;
