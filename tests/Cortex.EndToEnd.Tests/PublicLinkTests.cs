using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

[Collection(CortexCollection.Name)]
public sealed class PublicLinkTests(CortexApp app)
{
    [Fact]
    public async Task A_public_link_shows_the_run_to_a_visitor_without_an_account_until_it_is_revoked()
    {
        var run = await app.FinishedRunAsync();
        await using var alice = await app.OpenAsUserAsync("alice");
        await alice.GotoAsync($"/experiments/{run.ExperimentId}");
        var panel = alice.Page.GetByTestId("share-links");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        var field = panel.GetByLabel("Public link");
        await Expect(field).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/share/[A-Za-z0-9_-]{43}$"));
        var link = await field.InputValueAsync();
        await Expect(panel.GetByTestId("share-link")).ToContainTextAsync("active");
        await alice.ScreenshotAsync("experiment-share-link-created");

        await using var visitor = await app.OpenAsVisitorAsync();
        await visitor.GotoAsync(link);
        var name = (await app.Server.GetAsync($"/api/experiments/{run.ExperimentId}"))["name"]!.GetValue<string>();
        await Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        // The replay's frames and the results' images come through the link's token, not a session.
        await visitor.Page.WaitForFunctionAsync("() => +document.querySelector('.live-frames')?.dataset.framesDrawn > 0");
        await visitor.Page.GetByRole(AriaRole.Tab, new() { Name = "Results" }).ClickAsync();
        var after = visitor.Page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("^The best edit at step \\d+") });
        await Expect(after).ToBeVisibleAsync();
        await visitor.Page.WaitForFunctionAsync("image => image.complete && image.naturalWidth > 0", await after.ElementHandleAsync());
        Assert.Equal(0, await visitor.Page.Locator("a[href^='concepts/'], a[href^='codebook/']").CountAsync());
        await visitor.ScreenshotAsync("experiment-shared-publicly");
        await visitor.ExpectHealthyAsync();

        await panel.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        var confirmation = alice.Page.GetByRole(AriaRole.Dialog);
        await Expect(confirmation).ToContainTextAsync("pages open through it close at once");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(panel.GetByTestId("share-link")).ToContainTextAsync("revoked by alice");
        await Expect(visitor.Page.GetByTestId("share-closed")).ToBeVisibleAsync();
        var reopened = await visitor.Page.GotoAsync(link);
        Assert.Equal(404, reopened!.Status);
        await alice.ExpectHealthyAsync();
    }
}
