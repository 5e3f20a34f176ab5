using System.Diagnostics;
using Microsoft.Playwright;

namespace Cortex.BrowserBench;

public sealed record LoadTimes(double Median, IReadOnlyList<double> Runs);

/// <summary>Cold first loads: a fresh browser context each time (empty cache), from navigation to the page's content on screen.</summary>
static class PageLoad
{
    public static async Task<LoadTimes> MedianAsync(IBrowser browser, string url, string readySelector, int runs)
    {
        var times = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
            var page = await context.NewPageAsync();
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(url);
            await page.Locator(readySelector).First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 30_000 });
            // The first run warms the server (JIT, first queries); it is not counted.
            if (i > 0) times.Add(Math.Round(clock.Elapsed.TotalMilliseconds, 1));
        }
        var sorted = times.Order().ToList();
        return new LoadTimes(sorted[sorted.Count / 2], times);
    }
}
