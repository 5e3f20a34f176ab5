namespace Cortex.Web.Components.Pages.Account;

/// <summary>
/// The attributes that make a MudBlazor field part of a plain HTML form post: the form field's name
/// and the browser's autofill hint. MudBlazor puts its <c>UserAttributes</c> on the input element.
/// </summary>
public static class NativeField
{
    public static Dictionary<string, object> Named(string name, string autocomplete) =>
        new() { ["name"] = name, ["autocomplete"] = autocomplete };
}
