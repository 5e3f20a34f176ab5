using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

[Collection(CortexCollection.Name)]
public sealed class FindingTests(CortexApp app)
{
    [Fact]
    public async Task Confirming_a_finding_needs_a_reason_and_records_the_reviewer_in_a_history_that_survives_a_reload()
    {
        var run = await app.FinishedRunAsync();
        var findingId = await app.Server.CreateFindingAsync(run.ExperimentId, run.SourceConceptId, $"background tokens {Guid.NewGuid():N}", [3, 17]);
        await using var carol = await app.OpenAsUserAsync("carol");
        await carol.GotoAsync($"/findings/{findingId}");
        var status = carol.Page.Locator(".finding-row-head").GetByTestId("finding-status");
        await Expect(status).ToHaveTextAsync("open");
        await Expect(carol.Page.GetByTestId("history-empty")).ToBeVisibleAsync();
        await Expect(carol.Page.GetByText("You review as")).ToHaveTextAsync(new Regex(@"You review as\s+carol\s*\."));

        var confirm = carol.Page.GetByTestId("finding-action-confirmed");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(MudControls.ErrorOf(confirm, "Why confirm?")).ToContainTextAsync("a comment is required");
        await Expect(status).ToHaveTextAsync("open");

        var reason = $"every example sits on light green {Guid.NewGuid():N}";
        await confirm.GetByRole(AriaRole.Textbox).FillAsync(reason);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("confirmed");
        await ExpectVerdictInHistoryAsync(carol, reason);
        await carol.ScreenshotAsync("finding-confirmed");

        await carol.ReloadAsync();
        await Expect(status).ToHaveTextAsync("confirmed");
        await ExpectVerdictInHistoryAsync(carol, reason);
        var stored = await app.Server.GetAsync($"/api/findings/{findingId}");
        Assert.Equal("confirmed", stored["status"]!.GetValue<string>());
        Assert.Equal("carol", stored["reviewer"]!.GetValue<string>());
        await carol.ExpectHealthyAsync();
    }

    [Fact]
    public async Task A_finding_shows_what_its_review_saw_and_follows_another_reviewers_verdict_without_a_reload()
    {
        var run = await app.FinishedRunAsync();
        var review = await app.Server.CreateExperimentAsync(new
        {
            name = $"bias {Guid.NewGuid():N}"[..12], method = "shortcut-review", conceptIds = new[] { run.SourceConceptId, run.TargetConceptId },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 5 },
        });
        var reviewed = await app.Server.WaitForStatusAsync(review, "succeeded", TimeSpan.FromMinutes(3));
        var tokens = reviewed["summary"]!["tokenSets"]!.AsObject().First().Value!.AsArray().Select(t => t!["token"]!.GetValue<long>()).Take(3).ToList();
        var findingId = await app.Server.CreateFindingAsync(review, run.SourceConceptId, $"tokens on the background {Guid.NewGuid():N}", tokens);
        await using var dave = await app.OpenAsUserAsync("dave", width: 1440, role: Web.Services.Role.Reviewer);
        await using var erin = await app.OpenAsUserAsync("erin", role: Web.Services.Role.Reviewer);

        await dave.GotoAsync($"/findings/{findingId}");
        await Expect(dave.Page.GetByText("What the review saw")).ToBeVisibleAsync();
        await Expect(dave.Page.GetByTestId("shortcut-background")).ToHaveCountAsync(4);
        await Expect(dave.Page.GetByTestId("shortcut-summary")).ToContainTextAsync("Holm-corrected p");
        foreach (var group in new[] { "examples-on-background", "examples-off-background", "examples-concept" })
            await Expect(dave.Page.GetByTestId(group).GetByTestId("shortcut-example")).ToHaveCountAsync(4);
        // Every example image arrived (a broken link would leave it zero-sized).
        var loaded = await dave.Page.EvalOnSelectorAllAsync<bool[]>("[data-testid=shortcut-example] img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)");
        Assert.Equal(12, loaded.Length);
        Assert.All(loaded, Assert.True);
        // On the concept's own images every counted position is outlined as off or on the object, as its caption counts them.
        var own = await dave.Page.EvalOnSelectorAllAsync<int[][]>("[data-testid=examples-concept] [data-testid=shortcut-example]",
            "figures => figures.map(f => [f.querySelectorAll('.is-off-object').length, f.querySelectorAll('.is-on-object').length, +f.querySelector('figcaption').textContent.match(/of (\\d+)/)[1]])");
        Assert.All(own, counts => Assert.Equal(counts[2], counts[0] + counts[1]));
        // ... and the outline is drawn (a stylesheet that lost a brace once dropped it silently).
        var outline = await dave.Page.EvalOnSelectorAsync<string>("[data-testid=examples-concept] .is-on-object, [data-testid=examples-concept] .is-off-object", "c => getComputedStyle(c).outlineStyle");
        Assert.Equal("solid", outline);
        await dave.ScreenshotAsync("finding-evidence");

        // Erin dismisses it in her own browser; Dave's open page shows it at once, with who and why.
        await erin.GotoAsync($"/findings/{findingId}");
        var dismiss = erin.Page.GetByTestId("finding-action-dismissed");
        await dismiss.GetByRole(AriaRole.Textbox).FillAsync("the same tokens sit on every background");
        await dismiss.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Expect(dave.Page.GetByTestId("finding-live-notice")).ToContainTextAsync("erin dismissed this finding: the same tokens sit on every background");
        await Expect(dave.Page.Locator(".finding-row-head").GetByTestId("finding-status")).ToHaveTextAsync("dismissed");
        await Expect(dave.Page.GetByTestId("history-entry")).ToHaveCountAsync(1);
        await dave.ScreenshotAsync("finding-live-verdict");

        // The experiment's results show the same evidence.
        await dave.GotoAsync($"/experiments/{review}?tab=results");
        await Expect(dave.Page.GetByTestId("shortcut-evidence").GetByTestId("shortcut-example")).ToHaveCountAsync(12);
        await dave.ExpectHealthyAsync();
        await erin.ExpectHealthyAsync();
    }

    static async Task ExpectVerdictInHistoryAsync(BrowserUser user, string reason)
    {
        var entry = user.Page.GetByTestId("history-entry");
        await Expect(entry).ToHaveCountAsync(1);
        await Expect(entry).ToContainTextAsync($"{user.Name} set the status to");
        await Expect(entry.GetByTestId("finding-status")).ToHaveTextAsync("confirmed");
        await Expect(entry).ToContainTextAsync(reason);
    }
}
