using Cortex.EndToEnd;
using System.Text.Json;
using Microsoft.Playwright;

namespace Cortex.BrowserBench;

/// <summary>
/// How long a page takes to show its content in a browser that has never seen the app: each load
/// opens a fresh context (empty cache, no cookies), and the page's own clock measures from the
/// start of navigation.
/// </summary>
static class PageLoadBenchmark
{
    const string Visitor = "bench";

    /// <summary>A page to load and the element that is its content.</summary>
    public sealed record Target(string Path, string Content);

    /// <summary>Per load, in milliseconds since navigation start: content painted, and the page interactive (its circuit has rendered).</summary>
    public sealed record Result(string Path, string Content, IReadOnlyList<double> ContentVisibleMs, IReadOnlyList<double> InteractiveMs)
    {
        public double MedianContentVisibleMs => Median(ContentVisibleMs);
        public double MedianInteractiveMs => Median(InteractiveMs);
    }

    /// <summary>Loads each page once unmeasured (the server compiles its components on first use), then <paramref name="loads"/> times.</summary>
    public static async Task<IReadOnlyList<Result>> RunAsync(IBrowser browser, LiveServer server, IReadOnlyList<Target> targets, int loads)
    {
        var results = new List<Result>();
        foreach (var target in targets)
        {
            await LoadAsync(browser, server, target);
            var marks = new List<(double Content, double Interactive)>();
            for (var i = 0; i < loads; i++) marks.Add(await LoadAsync(browser, server, target));
            results.Add(new Result(target.Path, target.Content, [.. marks.Select(m => m.Content)], [.. marks.Select(m => m.Interactive)]));
        }
        return results;
    }

    static async Task<(double Content, double Interactive)> LoadAsync(IBrowser browser, LiveServer server, Target target)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = server.Address.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        // Signed in first, as a returning visitor is; only the page load after it is timed.
        await BrowserSignIn.SignInAsync(page, server, Visitor);
        await context.AddInitScriptAsync(Probe(target.Content));
        await page.GotoAsync(target.Path);
        var marks = await page.WaitForFunctionAsync(
            "() => { const m = window.cortexBench; return m.content !== undefined && m.interactive !== undefined ? m : null; }",
            null, new() { Timeout = 60_000 });
        return (await marks.EvaluateAsync<double>("m => m.content"), await marks.EvaluateAsync<double>("m => m.interactive"));
    }

    // Runs before any page script. The content counts as visible at the animation frame after it
    // enters the DOM (the frame that paints it); the page is interactive once the layout marks a live circuit.
    static string Probe(string content) => $$"""
        (() => {
            const marks = window.cortexBench = {};
            let seen = false;
            const check = () => {
                if (!seen && document.querySelector({{JsonSerializer.Serialize(content)}})) {
                    seen = true;
                    requestAnimationFrame(() => { marks.content = performance.now(); });
                }
                if (marks.interactive === undefined && document.querySelector('[data-circuit=live]'))
                    marks.interactive = performance.now();
            };
            new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
        })();
        """;

    static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
