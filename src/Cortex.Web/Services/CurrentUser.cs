using Microsoft.JSInterop;

namespace Cortex.Web.Services;

/// <summary>
/// Who is using this browser tab: the name shown as author of annotations, concepts, experiments and
/// reviews. Until accounts exist, a person names themselves once; the name is kept in the browser's
/// local storage.
/// </summary>
public sealed class CurrentUser(IJSRuntime js)
{
    public const string Anonymous = "anonymous";
    public const int MaxLength = 100;
    const string StorageKey = "cortex.user";

    public string Name { get; private set; } = Anonymous;

    public event Action? Changed;

    /// <summary>Reads the stored name; call after the first interactive render (JS is unavailable before).</summary>
    public async Task LoadAsync()
    {
        var stored = await js.InvokeAsync<string?>("localStorage.getItem", StorageKey);
        if (Normalize(stored) is { } name && name != Name)
        {
            Name = name;
            Changed?.Invoke();
        }
    }

    public async Task SetAsync(string? name)
    {
        Name = Normalize(name) ?? Anonymous;
        await js.InvokeVoidAsync("localStorage.setItem", StorageKey, Name);
        Changed?.Invoke();
    }

    static string? Normalize(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > MaxLength ? trimmed[..MaxLength] : trimmed;
    }
}
