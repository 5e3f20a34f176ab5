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

    static async Task ExpectVerdictInHistoryAsync(BrowserUser user, string reason)
    {
        var entry = user.Page.GetByTestId("history-entry");
        await Expect(entry).ToHaveCountAsync(1);
        await Expect(entry).ToContainTextAsync($"{user.Name} set the status to");
        await Expect(entry.GetByTestId("finding-status")).ToHaveTextAsync("confirmed");
        await Expect(entry).ToContainTextAsync(reason);
    }
}
