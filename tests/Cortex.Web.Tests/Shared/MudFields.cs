using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Shared;

/// <summary>
/// Finds MudBlazor fields by their label and changes them as a user's choice would. Selects are set
/// through their change callback: opening their popover list adds nothing a page test cares about.
/// </summary>
public static class MudFields
{
    public static IRenderedComponent<MudTextField<string>> TextField(this IRenderedComponent<IComponent> root, string label) =>
        root.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label);

    public static IRenderedComponent<MudNumericField<T>> NumericField<T>(this IRenderedComponent<IComponent> root, string label) =>
        root.FindComponents<MudNumericField<T>>().Single(f => f.Instance.Label == label);

    public static IRenderedComponent<MudSelect<string>> Select(this IRenderedComponent<IComponent> root, string label) =>
        root.FindComponents<MudSelect<string>>().Single(f => f.Instance.Label == label);

    public static void Type(this IRenderedComponent<MudTextField<string>> field, string text) => field.Find("input, textarea").Change(text);

    public static void Type<T>(this IRenderedComponent<MudNumericField<T>> field, string text) => field.Find("input").Change(text);

    public static Task ChooseAsync(this IRenderedComponent<MudSelect<string>> select, string value) =>
        select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));

    public static Task ChooseManyAsync(this IRenderedComponent<MudSelect<string>> select, params string[] values) =>
        select.InvokeAsync(() => select.Instance.SelectedValuesChanged.InvokeAsync(values));

    public static IReadOnlyList<string> Snackbars(this BunitContext context) =>
        [.. context.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "")];
}
