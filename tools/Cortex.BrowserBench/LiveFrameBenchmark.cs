using Cortex.EndToEnd;
using Microsoft.Playwright;

namespace Cortex.BrowserBench;

/// <summary>
/// How many frames of a running codebook-level search the Live tab actually draws: a run that
/// decodes every step is watched in the browser, and the view's own drawn-frames counter is sampled
/// on the page's clock.
/// </summary>
static class LiveFrameBenchmark
{
    const int SampleEveryMs = 50;

    /// <param name="Windows">Frames drawn in each whole second of drawing, in order.</param>
    public sealed record Result(int Steps, int DecodeEvery, int FramesReceived, int FramesDrawn, double DrawingSeconds, IReadOnlyList<double> Windows,
        double ComputeStepsPerSecond);

    public static async Task<Result> RunAsync(LiveServer server, IBrowser browser, int steps)
    {
        var source = await server.CreateConceptAsync("live: dotted green circles", "green circle with dot");
        var target = await server.CreateConceptAsync("live: barred green circles", "green circle with bar");
        var id = await server.CreateExperimentAsync(new
        {
            name = $"live frames, {steps} steps decoded every step", method = "codebook-level", conceptIds = new[] { source, target },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 5, steps, decodeEvery = 1, sourceConceptId = source, targetConceptId = target },
        });

        await using var context = await browser.NewContextAsync(new() { BaseURL = server.Address.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, server, "bench");
        await page.GotoAsync($"/experiments/{id}");
        await page.WaitForFunctionAsync("() => document.querySelector('.live-frames')?.dataset.connection === 'live'", null, new() { Timeout = 60_000 });
        await page.EvaluateAsync($$"""
            () => {
                const samples = window.cortexSamples = [];
                window.cortexTimer = setInterval(() => {
                    const d = document.querySelector('.live-frames')?.dataset;
                    if (d?.connection === 'live') samples.push([performance.now(), +d.framesDrawn, +d.framesReceived]);
                }, {{SampleEveryMs}});
            }
            """);
        var finished = await server.WaitForStatusAsync(id, "succeeded", TimeSpan.FromMinutes(15));
        var samples = await page.EvaluateAsync<double[][]>("() => { clearInterval(window.cortexTimer); return window.cortexSamples; }");

        var (windows, seconds) = FramesPerSecondWindows(samples);
        if (windows.Count == 0) throw new InvalidOperationException("The page drew frames for less than one second: nothing to measure.");
        return new Result(steps, 1, (int)samples[^1][2], (int)samples[^1][1], seconds, windows,
            finished["summary"]!["figures"]!["codebook.steps_per_second"]!.GetValue<double>());
    }

    /// <summary>
    /// Frames drawn in each whole second from the first drawn frame to the last, and how long that
    /// span was. Samples are (time ms, frames drawn, frames received); between samples the count is
    /// the last one seen.
    /// </summary>
    static (IReadOnlyList<double> Windows, double Seconds) FramesPerSecondWindows(double[][] samples)
    {
        var drawing = samples.SkipWhile(s => s[1] == 0).ToArray();
        if (drawing.Length == 0) return ([], 0);
        var total = drawing[^1][1];
        var start = drawing[0][0];
        var end = drawing.First(s => s[1] == total)[0];
        double DrawnAt(double time) => drawing.Last(s => s[0] <= time)[1];
        var windows = new List<double>();
        for (var from = start; from + 1000 <= end; from += 1000) windows.Add(DrawnAt(from + 1000) - DrawnAt(from));
        return (windows, (end - start) / 1000);
    }
}
