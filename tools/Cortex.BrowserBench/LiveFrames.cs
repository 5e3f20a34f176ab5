using Cortex.Web.Contracts;
using Cortex.Web.Services;
using Microsoft.Playwright;

namespace Cortex.BrowserBench;

public sealed record FrameRate(double Mean, double Min, int Seconds, long Received, long Drawn);

/// <summary>Frames the Live tab actually draws per second while a codebook-level run streams a frame every step.</summary>
static class LiveFrames
{
    public static async Task<FrameRate> MeasureAsync(IBrowser browser, IServiceProvider services, string address, string source, string target, int steps)
    {
        var created = await services.GetRequiredService<IExperimentService>().CreateAsync(new ExperimentRequest
        {
            Name = "live frame rate", ConceptIds = [source, target], Method = "codebook-level",
            Parameters = new ExperimentParameters
            {
                ImagesPerConcept = 16, ExtractorEpochs = 3, Steps = steps, DecodeEvery = 1, SourceConceptId = source, TargetConceptId = target,
            },
        }, "bench");
        var id = created.Value!.Id;
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{address}/experiments/{id}?tab=live");
        var view = page.Locator(".live-frames");
        await view.WaitForAsync();
        // Count only while steps stream: from the first frame to the last.
        await page.WaitForFunctionAsync("() => Number(document.querySelector('.live-frames')?.dataset.framesReceived ?? 0) > 0", null, new() { Timeout = 120_000 });
        var rates = new List<double>();
        var (lastDrawn, lastStep) = (await Read(view, "framesDrawn"), await Read(view, "lastStep"));
        while (true)
        {
            await Task.Delay(1000);
            var (drawn, step) = (await Read(view, "framesDrawn"), await Read(view, "lastStep"));
            if (step == lastStep || step >= steps) break;
            rates.Add(drawn - lastDrawn);
            (lastDrawn, lastStep) = (drawn, step);
        }
        var received = await Read(view, "framesReceived");
        // Stop a run the measurement outlived, so the server shuts down without cancelling it mid-step.
        await services.GetRequiredService<IExperimentService>().CancelAsync(id);
        return new FrameRate(rates.Count == 0 ? 0 : rates.Average(), rates.Count == 0 ? 0 : rates.Min(), rates.Count, received, await Read(view, "framesDrawn"));
    }

    static async Task<long> Read(ILocator view, string key) => long.TryParse(await view.GetAttributeAsync($"data-{Kebab(key)}"), out var value) ? value : 0;

    static string Kebab(string key) => string.Concat(key.Select(c => char.IsUpper(c) ? $"-{char.ToLowerInvariant(c)}" : $"{c}"));
}
