using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

[Collection(CortexCollection.Name)]
public sealed partial class LiveRunTests(CortexApp app)
{
    const int FramesToSee = 10;
    /// <summary>Seconds of streaming even on a fast run (about 200 steps/s): the page's hub must join while the run is still live, on a busy machine too.</summary>
    const int LiveSteps = 1_000;

    [Fact]
    public async Task A_quick_codebook_run_started_from_the_form_streams_frames_into_the_page_and_succeeds()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var source = $"red circles {suffix}";
        var target = $"orange circles {suffix}";
        await app.Server.CreateConceptAsync(source, "red circle");
        await app.Server.CreateConceptAsync(target, "orange circle");
        await using var user = await app.OpenAsUserAsync("alice");
        await user.GotoAsync("/experiments/new");
        var form = user.Page.Locator(".mud-main-content");

        await MudControls.FillAsync(form, "Name", $"live run {suffix}");
        await MudControls.ChooseAsync(form, "Concepts", source, target);
        await MudControls.ChooseAsync(form, "Method", "codebook-level");
        await user.Page.GetByTestId("quick-preset").ClickAsync();
        await Expect(form.GetByLabel("Images per concept", new() { Exact = true })).ToHaveValueAsync("16");
        await Expect(form.GetByLabel("Extractor epochs", new() { Exact = true })).ToHaveValueAsync("5");
        // The preset's 60 steps decoded every 5 give 12 frames, too few to tell streaming from a late
        // catch-up: more steps decoded more often keep the run streaming long enough to count frames.
        var codebook = user.Page.GetByTestId("codebook-section");
        await MudControls.FillAsync(codebook, "Steps", LiveSteps.ToString());
        await MudControls.FillAsync(codebook, "Decode every", QuickCodebookRun.DecodeEvery.ToString());
        await MudControls.ChooseAsync(codebook, "Source concept", source);
        await MudControls.ChooseAsync(codebook, "Target concept", target);
        // The region grid takes arrow keys and Space without scrolling the page (a script file does that:
        // the content policy allows no inline handler); Space twice leaves the whole grid selected.
        var picker = user.Page.GetByTestId("region-picker");
        var caption = user.Page.GetByTestId("region-caption");
        await picker.FocusAsync();
        var scrolled = await user.Page.EvaluateAsync<double>("() => window.scrollY");
        await picker.PressAsync("ArrowDown");
        await picker.PressAsync(" ");
        await Expect(caption).ToContainTextAsync("63 of");
        await picker.PressAsync(" ");
        await Expect(caption).ToContainTextAsync("(whole grid)");
        // Home and End would scroll a page at its bottom or top; the grid takes them as first and last cell.
        await picker.PressAsync("Home");
        await picker.PressAsync("End");
        Assert.Equal(scrolled, await user.Page.EvaluateAsync<double>("() => window.scrollY"));
        await user.ScreenshotAsync("experiment-new-filled");
        await user.Page.GetByTestId("create-experiment").ClickAsync();

        await Expect(user.Page).ToHaveURLAsync(ExperimentPage());
        var live = user.Page.Locator(".live-frames");
        // The counters are the live view's own (received from the hub, drawn on the canvas); once the
        // run ends the view turns to replay and starts counting afresh, so read them while it is live.
        var counts = await (await user.Page.WaitForFunctionAsync("""
            n => {
                const d = document.querySelector('.live-frames')?.dataset;
                const live = d?.connection === 'live' && +d.framesReceived >= n && +d.framesDrawn >= n;
                return live || d?.connection === 'replay' ? { connection: d.connection, received: +d.framesReceived, drawn: +d.framesDrawn } : null;
            }
            """, FramesToSee, new() { Timeout = 120_000 })).JsonValueAsync<LiveCounts>();
        Assert.True(counts.Connection == "live", $"the run ended before the page drew {FramesToSee} live frames");
        Assert.InRange(counts.Drawn, FramesToSee, counts.Received);
        await user.ScreenshotAsync("experiment-live-running");
        // A run this short may fail its own checks (its extractor sees 5 held-out images): either way it succeeded.
        await Expect(user.Page.GetByTestId("status-chip")).ToHaveTextAsync(Succeeded(), new() { Timeout = 120_000 });

        var id = user.Page.Url.Split('/')[^1].Split('?')[0];
        var experiment = await app.Server.GetAsync($"/api/experiments/{id}");
        Assert.Equal("succeeded", experiment["status"]!.GetValue<string>());
        Assert.Equal("alice", experiment["createdBy"]!.GetValue<string>());
        Assert.Equal(LiveSteps, experiment["parameters"]!["steps"]!.GetValue<int>());
        // Once the run ended the view replays the stored frames, with a slider to move through them.
        await Expect(live).ToHaveAttributeAsync("data-connection", "replay");
        await Expect(user.Page.Locator(".live-replay input[type=range]")).ToBeVisibleAsync();
        await user.ScreenshotAsync("experiment-live-finished");
        await user.ExpectHealthyAsync();
    }

    sealed class LiveCounts
    {
        public string Connection { get; set; } = "";
        public int Received { get; set; }
        public int Drawn { get; set; }
    }

    [GeneratedRegex(@"/experiments/[^/?]+$")]
    private static partial Regex ExperimentPage();

    [GeneratedRegex("^succeeded( with warnings)?$")]
    private static partial Regex Succeeded();
}
