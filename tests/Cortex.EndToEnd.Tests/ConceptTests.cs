using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

[Collection(CortexCollection.Name)]
public sealed class ConceptTests(CortexApp app)
{
    [Fact]
    public async Task A_concept_created_in_the_dialog_is_listed_with_its_author_next_to_one_created_through_the_api()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var dotted = $"dotted squares {suffix}";
        var barred = $"barred squares {suffix}";
        await using var user = await app.OpenAsUserAsync("alice");
        await user.GotoAsync("/concepts");

        await user.Page.GetByTestId("new-concept").ClickAsync();
        var dialog = user.Page.GetByRole(AriaRole.Dialog);
        await MudControls.FillAsync(dialog, "Name", dotted);
        await MudControls.ChooseAsync(dialog, "Class", "purple square with dot");
        await user.ScreenshotAsync("concepts-dialog");
        await dialog.GetByTestId("concept-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var table = user.Page.GetByTestId("concept-table");
        var created = table.GetByRole(AriaRole.Row).Filter(new() { HasText = dotted });
        await Expect(created).ToContainTextAsync("purple square with dot");
        await Expect(created).ToContainTextAsync("alice");

        await app.Server.CreateConceptAsync(barred, "purple square with bar");
        await user.ReloadAsync();
        await Expect(table.GetByRole(AriaRole.Link, new() { Name = dotted, Exact = true })).ToBeVisibleAsync();
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = barred })).ToContainTextAsync(LiveServer.ApiUser);
        await user.ScreenshotAsync("concepts");
        await user.ExpectHealthyAsync();
    }
}
