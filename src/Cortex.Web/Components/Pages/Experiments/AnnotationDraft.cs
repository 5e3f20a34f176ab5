namespace Cortex.Web.Components.Pages.Experiments;

/// <summary>What the annotation form is about to annotate; clicking a heatmap cell or a token fills it in.</summary>
public sealed record AnnotationDraft
{
    /// <summary>experiment, token or position.</summary>
    public string Target { get; init; } = "experiment";
    public long? TokenId { get; init; }
    public int? Position { get; init; }
    public int? ImageIndex { get; init; }
}
