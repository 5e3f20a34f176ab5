using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>What a person sees who opens a codebook-level run while it runs, comes back to its Live tab, cancels it, or replays a finished one.</summary>
[Collection(CortexCollection.Name)]
public sealed partial class LiveViewerTests(CortexApp app)
{
    /// <summary>Long enough (about 200 steps/s on a CPU) to join late, switch tabs and cancel while it still runs.</summary>
    const int Steps = 20_000;

    [Fact]
    public async Task A_late_joiner_sees_the_whole_curve_the_stage_and_its_time_left_and_a_cancelled_run_stops_being_live()
    {
        // Signed in before the run takes the cores.
        await using var user = await app.OpenAsUserAsync("lena");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var source = await app.Server.CreateConceptAsync($"dotted circles {suffix}", "green circle with dot");
        var target = await app.Server.CreateConceptAsync($"barred circles {suffix}", "green circle with bar");
        var id = await app.Server.CreateExperimentAsync(new
        {
            name = $"late join {suffix}", method = "codebook-level", conceptIds = new[] { source, target },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 5, steps = Steps, decodeEvery = 100, sourceConceptId = source, targetConceptId = target },
        });
        await WaitForSearchAsync(id, TimeSpan.FromMinutes(3));

        await user.GotoAsync($"/experiments/{id}");
        var live = user.Page.Locator(".live-frames");
        await Expect(live).ToHaveAttributeAsync("data-connection", "live", new() { Timeout = 60_000 });
        // Joined hundreds of steps in, the chart still starts at the run's first step.
        await ExpectWholeCurveAsync(user);
        var readout = user.Page.GetByTestId("progress-readout");
        await Expect(readout).ToContainTextAsync("codebook search (stage 3 of 3)");
        await Expect(readout).ToHaveTextAsync(ReadoutWithTimeLeft(), new() { Timeout = 60_000 });
        await Expect(live.Locator(".live-fps")).ToHaveTextAsync(FramesPerSecond());
        var labels = await user.Page.EvaluateAsync<string[]>(
            "async () => (await import(new URL('js/live-frames.js', document.baseURI).href)).tickLabels([0.0444, 0.0446, 0.0448, 0.045, 0.0452], 0.0002)");
        Assert.Equal(["0.0444", "0.0446", "0.0448", "0.0450", "0.0452"], labels);
        await user.ScreenshotAsync("experiment-live-late-joiner");

        // Back from another tab, the Live tab shows the whole curve again.
        await user.Page.GetByRole(AriaRole.Tab, new() { Name = "Results" }).ClickAsync();
        await Expect(live).ToHaveCountAsync(0);
        await user.Page.GetByRole(AriaRole.Tab, new() { Name = "Live" }).ClickAsync();
        await Expect(live).ToHaveAttributeAsync("data-connection", "live", new() { Timeout = 60_000 });
        await ExpectWholeCurveAsync(user);

        await user.Page.GetByTestId("experiment-actions").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        var confirmation = user.Page.GetByRole(AriaRole.Dialog);
        await Expect(confirmation).ToContainTextAsync("A cancelled run keeps no results");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Stop the run" }).ClickAsync();
        await Expect(user.Page.GetByTestId("status-chip")).ToHaveTextAsync("cancelled", new() { Timeout = 30_000 });
        await Expect(live).ToHaveAttributeAsync("data-connection", "ended");
        await Expect(live.Locator(".live-connection")).ToHaveTextAsync("ended");
        await Expect(live.Locator(".live-fps")).ToHaveTextAsync("");
        await Expect(user.Page.GetByTestId("live-pause")).ToHaveCountAsync(0);
        await Expect(user.Page.GetByTestId("experiment-progress")).ToHaveCountAsync(0);
        var export = user.Page.GetByTestId("experiment-actions").GetByRole(AriaRole.Link, new() { Name = "Export (zip)" });
        await Expect(export).Not.ToHaveClassAsync(new Regex("mud-button-disabled"));
        await Expect(export).Not.ToHaveAttributeAsync("disabled", new Regex(".*"));
        await ExpectWholeCurveAsync(user);
        await user.ScreenshotAsync("experiment-live-cancelled");
        await user.ExpectHealthyAsync();
    }

    [Fact]
    public async Task A_replay_reads_its_step_and_edit_never_a_frame_rate()
    {
        var run = await app.FinishedRunAsync();
        await using var user = await app.OpenAsUserAsync("rita");
        await user.GotoAsync($"/experiments/{run.ExperimentId}");
        var live = user.Page.Locator(".live-frames");

        await Expect(live).ToHaveAttributeAsync("data-connection", "replay");
        await Expect(live.Locator(".live-step")).ToHaveTextAsync($"step {QuickCodebookRun.Steps} / {QuickCodebookRun.Steps} · final edit");
        await Expect(live.Locator(".live-connection")).ToHaveTextAsync("replay");
        await Expect(live.Locator(".live-fps")).ToHaveTextAsync("");
        await user.ExpectHealthyAsync();
    }

    /// <summary>The chart holds the run from its first step, more points than this page received live.</summary>
    static async Task ExpectWholeCurveAsync(BrowserUser user)
    {
        await user.Page.WaitForFunctionAsync("""
            () => {
                const d = document.querySelector('.live-frames')?.dataset;
                return d && +d.chartFirstStep === 1 && +d.chartPoints > +d.framesReceived && +d.lastStep > 100;
            }
            """, null, new() { Timeout = 60_000 });
    }

    async Task WaitForSearchAsync(string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonObject experiment;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, $"experiment {id} did not reach its search in {timeout}");
            await Task.Delay(200);
            experiment = await app.Server.GetAsync($"/api/experiments/{id}");
        } while (experiment["stage"]!.GetValue<string>() != "codebook search" || experiment["progress"]!.GetValue<double>() < 0.01);
    }

    [GeneratedRegex(@"^codebook search \(stage 3 of 3\) · \d+% · about \d+ (s|min) left$")]
    private static partial Regex ReadoutWithTimeLeft();

    [GeneratedRegex(@"^\d+ fps$")]
    private static partial Regex FramesPerSecond();
}
