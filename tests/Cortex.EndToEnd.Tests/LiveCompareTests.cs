using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>
/// A researcher compares a finished run with one just started: the new run's loss curve grows on the open comparison,
/// and when it finishes its results appear, without a reload; the charts then follow the window to a narrower width.
/// </summary>
[Collection(CortexCollection.Name)]
public sealed class LiveCompareTests(CortexApp app)
{
    /// <summary>Enough steps to stream for several seconds on a fast machine, decoded rarely so that they go quickly.</summary>
    const int Steps = 4_000;

    [Fact]
    public async Task A_comparison_follows_a_running_run_to_its_end_and_its_charts_follow_the_window()
    {
        var run = await app.FinishedRunAsync();
        var name = $"live compare {Guid.NewGuid():N}"[..19];
        var live = await app.Server.CreateExperimentAsync(new
        {
            name, method = "codebook-level", conceptIds = new[] { run.SourceConceptId, run.TargetConceptId },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 5, steps = Steps, decodeEvery = 50, sourceConceptId = run.SourceConceptId, targetConceptId = run.TargetConceptId },
        });
        await using var alice = await app.OpenAsUserAsync("lena", width: 1440, height: 900);
        await alice.GotoAsync($"/compare?ids={run.ExperimentId},{live}");
        // Gone after a reload: the page must change in place.
        await alice.Page.EvaluateAsync("() => window.stillTheSamePage = true");
        var chip = alice.Page.Locator($"[data-testid=compared-runs] [data-run='{live}']");
        await Expect(chip).ToContainTextAsync(new System.Text.RegularExpressions.Regex("queued|running"));

        // The run's curve appears and grows while it runs.
        var first = await WaitForPointsAsync(alice, name, atLeast: 1);
        var later = await WaitForPointsAsync(alice, name, atLeast: first + 1);
        Assert.True(later > first, $"the curve grew from {first} to {later} points");
        Assert.Matches("running|succeeded", await chip.TextContentAsync());
        await alice.ScreenshotAsync("compare-live-running");

        // Zoomed in, the chart keeps the reader's range while new points arrive.
        var host = alice.Page.GetByTestId("chart-loss").Locator(".uplot-host");
        var plot = alice.Page.GetByTestId("chart-loss").Locator(".u-over");
        var box = (await plot.BoundingBoxAsync())!;
        await alice.Page.Mouse.MoveAsync(box.X + box.Width * 0.1f, box.Y + box.Height / 2);
        await alice.Page.Mouse.DownAsync();
        await alice.Page.Mouse.MoveAsync(box.X + box.Width * 0.3f, box.Y + box.Height / 2, new() { Steps = 5 });
        await alice.Page.Mouse.UpAsync();
        var zoomed = await XRangeAsync(host);
        var points = await host.GetAttributeAsync("data-points");
        await Expect(host).Not.ToHaveAttributeAsync("data-points", points!);
        Assert.Equal(zoomed, await XRangeAsync(host));
        await plot.DblClickAsync();

        // It finishes: its stored curve (the decoded steps) replaces the streamed one, and its figures fill their column.
        await Expect(chip).ToContainTextAsync("succeeded", new() { Timeout = 180_000 });
        await WaitForPointsAsync(alice, name, atLeast: 1);
        var figures = alice.Page.GetByTestId("figure-diff").Locator("tbody tr").First.Locator("td").Last;
        await Expect(figures).Not.ToBeEmptyAsync();
        Assert.True(await alice.Page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the comparison reloaded");
        await alice.ScreenshotAsync("compare-live-finished");

        // Its whole curve is in the chart, and a narrower window draws every chart again at its host's new width.
        await Expect(host).ToHaveAttributeAsync("data-x-max", Steps.ToString());
        var wide = await ChartWidth.FittedAsync(host, 240);
        await alice.Page.SetViewportSizeAsync(700, 900);
        var narrow = await ChartWidth.FittedAsync(host, 240);
        // The grid holds two charts a row on the wide page and one on the narrow page, so the width moves, whichever way.
        Assert.True(narrow != wide, $"the loss chart stayed {wide} px wide in a window of 700 px as in one of 1440 px");
        await alice.ScreenshotAsync("compare-live-narrow");
        await alice.ExpectHealthyAsync();
    }

    /// <summary>The chart's visible x range: its lowest and highest step on view.</summary>
    static async Task<double[]> XRangeAsync(ILocator host) => await host.EvaluateAsync<double[]>("h => [+h.dataset.xMin, +h.dataset.xMax]");

    /// <summary>Waits until the loss chart's CSV export holds at least <paramref name="atLeast"/> points of the run; returns how many.</summary>
    static async Task<int> WaitForPointsAsync(BrowserUser user, string run, int atLeast)
    {
        var handle = await user.Page.WaitForFunctionAsync(
            "([run, atLeast]) => { const a = document.querySelector('[data-testid=chart-loss] [data-testid=export-csv]'); if (!a) return null; " +
            "const rows = decodeURIComponent(a.getAttribute('href').split(',').slice(1).join(',')).split('\\n').filter(r => r.startsWith(run + ',')).length; " +
            "return rows >= atLeast ? rows : null; }",
            new object[] { run, atLeast }, new() { Timeout = 180_000, PollingInterval = 200 });
        return await handle.JsonValueAsync<int>();
    }
}
