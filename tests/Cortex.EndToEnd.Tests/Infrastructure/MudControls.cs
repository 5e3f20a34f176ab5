using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>How a person works MudBlazor's controls: by their visible labels, as a screen reader names them.</summary>
public static class MudControls
{
    /// <summary>Opens the select labelled <paramref name="label"/> and clicks each option; a multi-select is closed afterwards.</summary>
    public static async Task ChooseAsync(ILocator scope, string label, params string[] options)
    {
        var select = scope.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });
        await select.ClickAsync();
        var list = scope.Page.Locator(".mud-popover-open").GetByRole(AriaRole.Listbox);
        var multiple = await list.GetAttributeAsync("aria-multiselectable") == "true";
        foreach (var option in options) await list.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        // Only a multi-select stays open; an Escape after a single choice would reach (and close) a dialog around it.
        if (multiple) await select.PressAsync("Escape");
        await Expect(list).ToBeHiddenAsync();
        // The select shows its value once the server has taken the choice, so the next step sees it.
        // A multi-select shows the chosen names in a read-only input, a single select as text.
        foreach (var option in options)
        {
            if (multiple) await Expect(select).ToHaveValueAsync(new Regex(Regex.Escape(option)));
            else await Expect(select).ToHaveTextAsync(option);
        }
    }

    /// <summary>Types into the text or number field labelled <paramref name="label"/> and leaves it, which is when MudBlazor takes the value.</summary>
    public static async Task FillAsync(ILocator scope, string label, string value)
    {
        var field = scope.GetByLabel(label, new() { Exact = true });
        await field.FillAsync(value);
        await field.BlurAsync();
        await Expect(field).ToHaveValueAsync(value);
    }

    /// <summary>The message MudBlazor shows under the field labelled <paramref name="label"/> while that field is in error.</summary>
    public static ILocator ErrorOf(ILocator scope, string label) =>
        scope.Locator(".mud-input-control.mud-input-error")
            .Filter(new() { Has = scope.Page.Locator("label.mud-input-label", new() { HasTextRegex = new Regex($"^{Regex.Escape(label)}$") }) })
            .Locator(".mud-input-helper-text");
}
