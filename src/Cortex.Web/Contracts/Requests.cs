
namespace Cortex.Web.Contracts;

/// <summary>The body of POST /api/experiments: what to run. Unset parameters take their defaults.</summary>
public sealed record ExperimentRequest
{
    public string? Name { get; init; }
    public string? ModelId { get; init; }
    public List<string>? ConceptIds { get; init; }
    public string? Method { get; init; }
    public ExperimentParameters? Parameters { get; init; }
}

/// <summary>The body of POST/PUT /api/concepts.</summary>
public sealed record ConceptRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? ModelId { get; init; }
    public string? Source { get; init; }
    /// <summary>The class by name among the model's class names, or by id (<see cref="ClassId"/>) where names repeat or are unknown.</summary>
    public string? ClassName { get; init; }
    public int? ClassId { get; init; }
    public string? Background { get; init; }
}

/// <summary>The body of POST /api/experiments/{id}/annotations. Target: experiment, token, position (of image ImageIndex) or finding.</summary>
public sealed record AnnotationRequest(string? Target, long? TokenId, int? Position, int? ImageIndex, string? FindingId, string? Text);

/// <summary>The text of a reply, or an annotation's new text, or a note on a token's page.</summary>
public sealed record AnnotationText(string? Text);

/// <summary>The body of PATCH /api/findings/{id}: a new status (open, confirmed, dismissed), a comment, or both.</summary>
public sealed record FindingUpdate(string? Status, string? Comment);

/// <summary>The body of POST /api/findings: a finding raised by hand from an experiment's tokens.</summary>
public sealed record FindingRequest(string? ExperimentId, string? ConceptId, string? Title, List<long>? Tokens, string? Comment);

/// <summary>The body of PUT /api/models/{id}/codebook/{token}/label: the token's short name (DELETE removes it).</summary>
public sealed record TokenLabelRequest(string? Label);
