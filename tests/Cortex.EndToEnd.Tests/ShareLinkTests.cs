using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

[Collection(CortexCollection.Name)]
public sealed class ShareLinkTests(CortexApp app)
{
    [Fact]
    public async Task A_link_copied_from_the_address_bar_shows_another_person_the_same_replay_step_and_results()
    {
        var run = await app.FinishedRunAsync();
        await using var alice = await app.OpenAsUserAsync("alice");
        await using var bob = await app.OpenAsUserAsync("bob");
        await alice.GotoAsync($"/experiments/{run.ExperimentId}");

        // Alice scrubs the replay, once it shows its last frame, to a step in the middle; the address bar follows.
        await Expect(alice.Page.Locator(".live-frames")).ToHaveAttributeAsync("data-last-step", new Regex(@"^\d+$"));
        var slider = alice.Page.Locator(".live-replay input[type=range]");
        var middle = int.Parse((await slider.GetAttributeAsync("max"))!) / 2;
        await slider.FillAsync(middle.ToString());
        await Expect(alice.Page).ToHaveURLAsync(new Regex(@"[?&]step=\d+"));
        var replayLink = alice.Page.Url;
        // The frame on screen is the one the link names.
        await Expect(alice.Page.Locator(".live-frames")).ToHaveAttributeAsync("data-last-step", Regex.Match(replayLink, @"[?&]step=(\d+)").Groups[1].Value);
        var aliceStep = await ReplayedStepAsync(alice);
        await alice.ScreenshotAsync("experiment-live-replay");

        await bob.GotoAsync(replayLink);
        Assert.Equal(aliceStep, await ReplayedStepAsync(bob));
        await Expect(bob.Page.Locator(".live-replay input[type=range]")).ToHaveValueAsync(middle.ToString());

        await alice.Page.GetByRole(AriaRole.Tab, new() { Name = "Results" }).ClickAsync();
        await Expect(alice.Page).ToHaveURLAsync(new Regex(@"[?&]tab=results"));
        var aliceResults = await ResultsAsync(alice);
        await bob.GotoAsync(alice.Page.Url);
        Assert.Equal(aliceResults, await ResultsAsync(bob));
        await bob.ScreenshotAsync("experiment-results-shared");

        var summary = (await app.Server.GetAsync($"/api/experiments/{run.ExperimentId}"))["summary"]!;
        // The run's checks sit above its results for everyone who opens them: each failed one in the banner, else one line naming them all.
        var failed = summary["checks"]!.AsArray().Where(c => !c!["passed"]!.GetValue<bool>()).Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(failed.Count > 0 ? "succeeded with warnings" : "succeeded", aliceResults.Status);
        if (failed.Count > 0)
            Assert.Equal(failed, await bob.Page.Locator("[data-testid=failed-checks] li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.check)"));
        else await Expect(bob.Page.GetByTestId("run-checks-passed")).ToBeVisibleAsync();
        Assert.Equal(summary["figures"]!.AsObject().Count, aliceResults.Figures.Count);
        Assert.EndsWith($"/api/experiments/{run.ExperimentId}/files/after.png", aliceResults.AfterImage);
        await alice.ExpectHealthyAsync();
        await bob.ExpectHealthyAsync();
    }

    sealed record ReplayedStep(string LastStep, string Readout, string SliderText);

    static async Task<ReplayedStep> ReplayedStepAsync(BrowserUser user)
    {
        var live = user.Page.Locator(".live-frames");
        // The readout follows on the next animation frame: read it once every frame shown has been drawn.
        await user.Page.WaitForFunctionAsync(
            "() => { const d = document.querySelector('.live-frames')?.dataset; return +d?.framesReceived > 0 && d.framesDrawn === d.framesReceived; }");
        return new ReplayedStep((await live.GetAttributeAsync("data-last-step"))!, await live.Locator(".live-step").InnerTextAsync(),
            await user.Page.Locator(".live-replay").InnerTextAsync());
    }

    sealed record Results(string Status, IReadOnlyList<string> Figures, string AfterImage)
    {
        // Records compare lists by reference; two people see the same results when every row matches.
        public bool Equals(Results? other) =>
            other is not null && Status == other.Status && Figures.SequenceEqual(other.Figures) && AfterImage == other.AfterImage;

        public override int GetHashCode() => HashCode.Combine(Status, Figures.Count, AfterImage);
    }

    static async Task<Results> ResultsAsync(BrowserUser user)
    {
        var rows = user.Page.GetByTestId("figures").Locator("tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        var after = user.Page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^The best edit at step \\d+") });
        return new Results(await user.Page.GetByTestId("status-chip").InnerTextAsync(), await rows.AllInnerTextsAsync(),
            await after.EvaluateAsync<string>("image => image.src"));
    }
}
