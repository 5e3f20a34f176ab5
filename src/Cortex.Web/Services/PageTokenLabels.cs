using Microsoft.AspNetCore.Components;

namespace Cortex.Web.Services;

/// <summary>
/// Token labels as the page on screen shows them: every link and chip of a page that names a model's tokens shares
/// one read of that model's labels; another page (a new address) reads them afresh, as does a label changed here.
/// </summary>
public sealed class PageTokenLabels(ITokenService tokens, NavigationManager navigation)
{
    static readonly IReadOnlyDictionary<long, string> None = new Dictionary<long, string>();

    readonly Dictionary<string, Task<IReadOnlyDictionary<long, string>>> _reads = [];
    string? _page;

    /// <summary>The model's labels by token; none without a model.</summary>
    public Task<IReadOnlyDictionary<long, string>> OfAsync(string? modelId)
    {
        if (modelId is null) return Task.FromResult(None);
        if (navigation.Uri != _page)
        {
            _page = navigation.Uri;
            _reads.Clear();
        }
        // A failed read is not kept: the next component asks again.
        if (!_reads.TryGetValue(modelId, out var read) || read.IsFaulted || read.IsCanceled) _reads[modelId] = read = tokens.LabelsAsync(modelId);
        return read;
    }

    /// <summary>Drops the model's labels read for this page, after this circuit changed one of them.</summary>
    public void Forget(string modelId) => _reads.Remove(modelId);

    /// <summary>The token's id with its label in brackets, or its id alone when it has none: "12 (sky)".</summary>
    public static string Named(long token, IReadOnlyDictionary<long, string> labels) =>
        labels.TryGetValue(token, out var label) ? $"{token} ({label})" : $"{token}";

    /// <summary>The address of a token's page in its model's codebook (the default model's without one).</summary>
    public static string Href(long token, string? modelId) => $"codebook/{token}{(modelId is null ? "" : $"?model={Uri.EscapeDataString(modelId)}")}";
}
