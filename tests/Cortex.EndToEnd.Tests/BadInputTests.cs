using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

[Collection(CortexCollection.Name)]
public sealed class BadInputTests(CortexApp app)
{
    [Fact]
    public async Task An_empty_new_experiment_form_names_what_each_field_needs_and_stays_on_the_form()
    {
        await using var user = await app.OpenAsUserAsync("alice");
        await user.GotoAsync("/experiments/new");
        var form = user.Page.Locator(".mud-main-content");

        await user.Page.GetByTestId("create-experiment").ClickAsync();

        await Expect(MudControls.ErrorOf(form, "Name")).ToContainTextAsync("A name is required.");
        await Expect(MudControls.ErrorOf(form, "Concepts")).ToContainTextAsync("Choose at least two concepts");
        await Expect(user.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/experiments/new$"));
        await user.ScreenshotAsync("experiment-new-errors");
        await user.ExpectHealthyAsync();
    }

    [Fact]
    public async Task An_empty_concept_dialog_names_what_each_field_needs_and_stays_open()
    {
        await using var user = await app.OpenAsUserAsync("alice");
        await user.GotoAsync("/concepts");
        await user.Page.GetByTestId("new-concept").ClickAsync();
        var dialog = user.Page.GetByRole(AriaRole.Dialog);

        await dialog.GetByTestId("concept-save").ClickAsync();

        await Expect(MudControls.ErrorOf(dialog, "Name")).ToContainTextAsync("A name is required.");
        await Expect(MudControls.ErrorOf(dialog, "Class")).ToContainTextAsync("Choose one of the model's classes.");
        await Expect(dialog).ToBeVisibleAsync();
        await user.ScreenshotAsync("concepts-dialog-errors");
        await user.ExpectHealthyAsync();
    }
}
