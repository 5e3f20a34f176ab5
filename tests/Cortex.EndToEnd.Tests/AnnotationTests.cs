using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

[Collection(CortexCollection.Name)]
public sealed class AnnotationTests(CortexApp app)
{
    [Fact]
    public async Task An_annotation_added_by_one_person_appears_on_the_other_persons_open_page_signed_by_its_author()
    {
        var run = await app.FinishedRunAsync();
        await using var alice = await app.OpenAsUserAsync("alice");
        await using var bob = await app.OpenAsUserAsync("bob");
        var path = $"/experiments/{run.ExperimentId}?tab=results";
        await alice.GotoAsync(path);
        await bob.GotoAsync(path);
        // A reload would create a new window object and lose this mark.
        await bob.Page.EvaluateAsync("() => window.cortexTestMark = 'still the same page'");

        var fromAlice = $"the barred cells carry the edit {Guid.NewGuid():N}";
        await AnnotateAsync(alice, fromAlice);
        await ExpectAnnotationAsync(bob, fromAlice, "alice");
        Assert.Equal("still the same page", await bob.Page.EvaluateAsync<string>("() => window.cortexTestMark"));

        var fromBob = $"agreed, see step 120 {Guid.NewGuid():N}";
        await AnnotateAsync(bob, fromBob);
        await ExpectAnnotationAsync(alice, fromBob, "bob");
        await alice.ScreenshotAsync("experiment-annotations");
        await alice.ExpectHealthyAsync();
        await bob.ExpectHealthyAsync();
    }

    static async Task AnnotateAsync(BrowserUser user, string text)
    {
        await Expect(user.Page.GetByTestId("annotation-add")).ToHaveTextAsync($"Add as {user.Name}");
        await user.Page.GetByTestId("annotation-text").FillAsync(text);
        await user.Page.GetByTestId("annotation-add").ClickAsync();
        await ExpectAnnotationAsync(user, text, user.Name);
    }

    static async Task ExpectAnnotationAsync(BrowserUser viewer, string text, string author)
    {
        var item = viewer.Page.GetByTestId("annotations").Locator("li").Filter(new() { HasText = text });
        await Expect(item).ToBeVisibleAsync();
        await Expect(item).ToContainTextAsync($"{author} ·");
    }
}
