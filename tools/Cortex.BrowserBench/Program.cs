using System.Text.Json;
using Cortex.BrowserBench;
using Cortex.Compute.Native;
using Cortex.Server.Cli;
using Cortex.Server.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Playwright;

// Measures the dashboard in Debian's Chromium against the real server: first-page load with 1,000
// stored experiments, and frames drawn per second during a live codebook-level run.
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("docs", "benchmarks", $"browser-{DateTime.UtcNow:yyyy-MM-dd}.json");
var data = Directory.CreateTempSubdirectory("cortex-bench-").FullName;
TorchRuntime.Initialize();
await using var app = CortexHost.Build(new ServeOptions("http://127.0.0.1:0", ModelDirectory: null, data), builder => builder.Configuration["Cortex:QueuePollMilliseconds"] = "100");
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
try
{
    var (red, blue) = Seed.Concepts(app.Services);
    var stored = Seed.Experiments(app.Services, red, blue, 1000);
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium", Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
    });
    var home = await PageLoad.MedianAsync(browser, $"{address}/", "[data-testid=recent-experiment]", runs: 5);
    var list = await PageLoad.MedianAsync(browser, $"{address}/experiments", "[data-testid=experiment-list]", runs: 5);
    var live = await LiveFrames.MeasureAsync(browser, app.Services, address, red, blue, steps: 1500);

    var result = new
    {
        machine = $"{Environment.ProcessorCount} CPU cores, {TorchRuntime.Describe(TorchRuntime.Initialize())}, Chromium headless (software rendering)",
        stored_experiments = stored,
        first_load_home_ms = home,
        first_load_experiments_ms = list,
        live_fps_mean = Math.Round(live.Mean, 1),
        live_fps_min = Math.Round(live.Min, 1),
        live_seconds = live.Seconds,
        live_frames_received = live.Received,
        live_frames_drawn = live.Drawn,
        targets = new { fps = ">= 10", first_load_ms = "< 1000" },
    };
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"first load, / with {stored} experiments:      {home.Median:F0} ms (median of 5; runs {string.Join(", ", home.Runs.Select(r => r.ToString("F0")))})");
    Console.WriteLine($"first load, /experiments with {stored}:       {list.Median:F0} ms (median of 5)");
    Console.WriteLine($"live view, frames drawn per second:         mean {live.Mean:F1}, min {live.Min:F1} over {live.Seconds} one-second windows");
    Console.WriteLine($"wrote {output}");
}
finally
{
    await app.StopAsync();
    Directory.Delete(data, recursive: true);
}
