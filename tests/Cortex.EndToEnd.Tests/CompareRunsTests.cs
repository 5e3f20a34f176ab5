using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>
/// A researcher sorts and filters the runs table, shares it as a link, picks two runs and compares them: curves overlaid
/// with zoom, log scale, hover values and PNG/CSV export, the parameters that differ; then a visitor opens the public comparison.
/// </summary>
[Collection(CortexCollection.Name)]
public sealed class CompareRunsTests(CortexApp app)
{
    [Fact]
    public async Task Two_runs_picked_in_the_runs_table_are_compared_overlaid_and_shared()
    {
        var run = await app.FinishedRunAsync();
        var second = await app.Server.CreateExperimentAsync(new
        {
            name = $"faster edit {Guid.NewGuid():N}"[..18], method = "codebook-level", conceptIds = new[] { run.SourceConceptId, run.TargetConceptId },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 5, steps = 60, decodeEvery = 2, learningRate = 0.05, sourceConceptId = run.SourceConceptId, targetConceptId = run.TargetConceptId },
        });
        await app.Server.WaitForStatusAsync(second, "succeeded", TimeSpan.FromMinutes(3));
        await using var alice = await app.OpenAsUserAsync("alice", width: 1440);

        // The runs table: sort by steps, keep the codebook-level runs, add the learning rate column.
        await alice.GotoAsync("/experiments");
        var table = alice.Page.GetByTestId("experiment-list");
        await table.Locator("th[data-column=steps] button").ClickAsync();
        await Expect(alice.Page).ToHaveURLAsync(new Regex("sort=steps"));
        await table.Locator("input[data-filter=method]").FillAsync("codebook");
        await table.Locator("input[data-filter=method]").PressAsync("Enter");
        await Expect(alice.Page).ToHaveURLAsync(new Regex("filter=method%3Acodebook"));
        await alice.Page.GetByTestId("choose-columns").ClickAsync();
        await alice.Page.GetByTestId("column-chooser").GetByText("learning rate").ClickAsync();
        await Expect(table.Locator("th[data-column=learning_rate]")).ToBeVisibleAsync();
        var rows = table.Locator("tbody tr");
        await Expect(rows.Locator($"xpath=self::tr[@data-run='{second}']")).ToHaveCountAsync(1);
        var steps = (await rows.Locator("td[data-column=steps]").AllInnerTextsAsync()).Select(int.Parse).ToList();
        Assert.Equal(steps.OrderDescending(), steps);
        Assert.DoesNotContain(await rows.Locator("td[data-column=method]").AllInnerTextsAsync(), m => m != "codebook-level");
        await alice.ScreenshotAsync("runs-table");

        // The link reproduces the table for someone else.
        await using var bob = await app.OpenAsUserAsync("bob", width: 1440);
        await bob.GotoAsync(alice.Page.Url);
        var bobTable = bob.Page.GetByTestId("experiment-list");
        await Expect(bobTable.Locator("th[data-column=learning_rate]")).ToBeVisibleAsync();
        Assert.Equal(await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.run)"),
            await bobTable.Locator("tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.run)"));

        // Pick the two runs and compare them.
        foreach (var id in new[] { run.ExperimentId, second }) await table.Locator($"tr[data-run='{id}'] td:first-child input").CheckAsync();
        await alice.Page.GetByTestId("compare-runs").ClickAsync();
        await Expect(alice.Page).ToHaveURLAsync(new Regex($"/compare\\?ids={run.ExperimentId},{second}$"));
        var loss = alice.Page.GetByTestId("chart-loss");
        await Expect(loss.Locator(".uplot canvas")).ToBeVisibleAsync();
        Assert.Equal(3, await loss.Locator(".u-legend .u-series").CountAsync()); // the x axis and one line per run

        // Hovering shows each run's value; dragging zooms in, a double-click zooms out again.
        var plot = loss.Locator(".u-over");
        var box = (await plot.BoundingBoxAsync())!;
        await alice.Page.Mouse.MoveAsync(box.X + box.Width * 0.3f, box.Y + box.Height / 2);
        await Expect(loss.Locator(".u-legend .u-series").Nth(1).Locator(".u-value")).ToHaveTextAsync(new Regex(@"^\d"));
        var fullRange = await XRangeAsync(alice, "chart-loss");
        await alice.Page.Mouse.DownAsync();
        await alice.Page.Mouse.MoveAsync(box.X + box.Width * 0.6f, box.Y + box.Height / 2, new() { Steps = 5 });
        await alice.Page.Mouse.UpAsync();
        var zoomed = await XRangeAsync(alice, "chart-loss");
        Assert.True(zoomed < fullRange, $"dragging across the loss chart zooms its x axis ({zoomed} of {fullRange})");
        await plot.DblClickAsync();
        Assert.Equal(fullRange, await XRangeAsync(alice, "chart-loss"));
        await loss.GetByTestId("log-scale").ClickAsync();
        await Expect(loss.Locator(".uplot canvas")).ToBeVisibleAsync();

        var diff = alice.Page.GetByTestId("parameter-diff");
        await Expect(diff.Locator("tr[data-parameter=Steps]")).ToBeVisibleAsync();
        await Expect(diff.Locator("tr[data-parameter=LearningRate]")).ToContainTextAsync("0.05");
        // Codebook-level runs keep no token sets; the overlap says so rather than showing an empty table.
        var tokenSets = (await app.Server.GetAsync($"/api/experiments/{second}"))["summary"]!["tokenSets"]!.AsObject().Count;
        await Expect(alice.Page.GetByTestId(tokenSets > 0 ? "token-overlap" : "no-overlap")).ToBeVisibleAsync();
        await alice.ScreenshotAsync("compare-runs");

        // Exports: the chart as PNG, the comparison as CSV.
        var png = await alice.Page.RunAndWaitForDownloadAsync(() => loss.GetByTestId("export-png").ClickAsync());
        Assert.Equal("loss.png", png.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await png.PathAsync())!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        var csv = await alice.Page.RunAndWaitForDownloadAsync(() => alice.Page.GetByTestId("export-comparison-csv").ClickAsync());
        var text = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.Contains($"({second})", text.Split('\n')[0]);
        Assert.Contains(text.Split('\n'), line => line.StartsWith("LearningRate,", StringComparison.Ordinal));

        // A public comparison: each run shared, then opened by a visitor through both tokens.
        var tokens = new List<string>();
        foreach (var id in new[] { run.ExperimentId, second })
        {
            var created = await app.Server.Http.PostAsJsonAsync($"/api/experiments/{id}/share-links", new { expiresInDays = 1 });
            tokens.Add((await created.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>());
        }
        await using var visitor = await app.OpenAsVisitorAsync(width: 1440);
        await visitor.GotoAsync($"/share/compare?tokens={string.Join(',', tokens)}");
        await Expect(visitor.Page.GetByTestId("chart-loss").Locator(".uplot canvas")).ToBeVisibleAsync();
        Assert.Equal(2, await visitor.Page.GetByTestId("compared-runs").Locator("[data-run]").CountAsync());
        await visitor.ScreenshotAsync("compare-runs-shared");
        var refused = await visitor.Page.GotoAsync(app.Server.Url($"/share/compare?tokens={tokens[0]},not-a-shared-run"));
        Assert.Equal(404, refused!.Status);
        await alice.ExpectHealthyAsync();
        await bob.ExpectHealthyAsync();
    }

    /// <summary>The width of a chart's visible x range, as uPlot holds it.</summary>
    static async Task<double> XRangeAsync(BrowserUser user, string chart) =>
        await user.Page.GetByTestId(chart).Locator(".uplot-host").EvaluateAsync<double>("host => host.dataset.xMax - host.dataset.xMin");
}
