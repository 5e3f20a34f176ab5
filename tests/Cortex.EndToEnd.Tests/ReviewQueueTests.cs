using System.Net.Http.Json;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

[Collection(CortexCollection.Name)]
public sealed class ReviewQueueTests(CortexApp app)
{
    [Fact]
    public async Task A_reviewer_works_through_the_queue_by_keyboard_while_it_follows_reviews_made_elsewhere()
    {
        var run = await app.FinishedRunAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Stronger effects than any other finding of the suite, so sorted by effect these lead the queue in this order.
        var strongest = Raise($"queue strongest {tag}", 0.999, run);
        var second = Raise($"queue second {tag}", 0.998, run);
        var third = Raise($"queue third {tag}", 0.997, run);
        await using var rhea = await app.OpenAsUserAsync("rhea", role: Web.Services.Role.Reviewer);
        var page = rhea.Page;
        await rhea.GotoAsync("/review");
        await Expect(page.GetByTestId("document-shortcuts")).ToHaveAttributeAsync("data-shortcuts", "on");

        await page.GetByTestId("queue-sort").GetByText("Largest effect").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/review\?sort=effect$"));
        var rows = page.GetByTestId("queue-row");
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-finding", strongest);
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-finding", second);
        var selected = page.Locator("[data-testid=queue-row][aria-current=true]");
        await Expect(selected).ToHaveAttributeAsync("data-finding", strongest);

        // With Caps Lock or Shift a letter still counts.
        await page.Keyboard.PressAsync("Shift+J");
        await Expect(selected).ToHaveAttributeAsync("data-finding", second);
        await Expect(page).ToHaveURLAsync(new Regex($@"sort=effect&id={second}$"));

        var reason = page.GetByTestId("queue-verdict").GetByRole(AriaRole.Textbox);
        await page.Keyboard.PressAsync("/");
        await Expect(reason).ToBeFocusedAsync();
        var why = $"every example sits on light green {tag}";
        await page.Keyboard.TypeAsync(why);
        await page.Keyboard.PressAsync("Escape");
        await Expect(reason).Not.ToBeFocusedAsync();
        await page.Keyboard.PressAsync("c");

        await Expect(page.Locator($"[data-testid=queue-row][data-finding='{second}']")).ToHaveCountAsync(0);
        await Expect(selected).ToHaveAttributeAsync("data-finding", third);
        await Expect(page.GetByTestId("queue-announcement")).ToHaveTextAsync($"Confirmed “queue second {tag}”. Next: queue third {tag}.");
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"Confirmed “queue second {tag}”");

        // Someone else dismisses the selected finding, and a shortcut review raises a stronger one: the open page follows both.
        using var dismissed = await app.Server.Http.PatchAsJsonAsync($"/api/findings/{third}", new { status = "dismissed", comment = "the background is the object" });
        dismissed.EnsureSuccessStatusCode();
        await Expect(page.GetByTestId("queue-notice")).ToContainTextAsync($"{LiveServer.ApiUser} dismissed this finding (“queue third {tag}”)");
        await Expect(page.Locator($"[data-testid=queue-row][data-finding='{third}']")).ToHaveCountAsync(0);
        var newcomer = Raise($"queue newcomer {tag}", 0.9995, run);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-finding", newcomer);
        await rhea.ScreenshotAsync("review-queue");

        await rhea.GotoAsync($"/findings/{second}");
        var entry = page.GetByTestId("history-entry");
        await Expect(entry).ToContainTextAsync("rhea set the status to");
        await Expect(entry.GetByTestId("finding-status")).ToHaveTextAsync("confirmed");
        await Expect(entry).ToContainTextAsync(why);
        await rhea.ExpectHealthyAsync();
    }

    [Fact]
    public async Task An_editor_sees_the_queue_read_only_the_verdict_keys_say_why_and_question_mark_lists_the_keys()
    {
        var run = await app.FinishedRunAsync();
        var id = Raise($"queue read-only {Guid.NewGuid():N}", 0.5, run);
        await using var eve = await app.OpenAsUserAsync("eve", role: Web.Services.Role.Editor);
        await eve.GotoAsync($"/review?id={id}");
        await Expect(eve.Page.GetByTestId("document-shortcuts")).ToHaveAttributeAsync("data-shortcuts", "on");

        await Expect(eve.Page.GetByTestId("queue-read-only")).ToContainTextAsync("You need the reviewer role to confirm or dismiss findings.");
        await Expect(eve.Page.GetByTestId("queue-verdict")).ToHaveCountAsync(0);
        await eve.Page.Keyboard.PressAsync("c");

        await Expect(eve.Page.Locator(".mud-snackbar")).ToContainTextAsync("You need the reviewer role to confirm or dismiss findings.");
        Assert.Equal("open", (await app.Server.GetAsync($"/api/findings/{id}"))["status"]!.GetValue<string>());

        await eve.Page.Keyboard.PressAsync("?");
        await Expect(eve.Page.GetByTestId("queue-shortcuts")).ToContainTextAsync("confirm the selected finding (needs a reason)");
        await eve.ScreenshotAsync("review-queue-shortcuts");
        await eve.ExpectHealthyAsync();
    }

    string Raise(string title, double cliffsDelta, FinishedRun run) => app.Server.RaiseMeasuredFinding(run.ExperimentId, run.SourceConceptId, title, [3, 17], cliffsDelta);
}
