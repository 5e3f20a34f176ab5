using Cortex.Web.Services;

namespace Cortex.Server.Storage;

/// <summary>
/// A concept as the <c>concepts</c> collection holds it: a label with a way to produce its support set — sampled from the
/// model's prior for a class (generated), rendered images of a class encoded by the tokenizer (encoded), encoded images of
/// a class restricted to one background (filter), or images people uploaded, encoded (uploaded).
/// </summary>
public sealed record StoredConcept
{
    public required string Id { get; init; }
    /// <summary>The workspace it belongs to; only that workspace's members see it.</summary>
    public string WorkspaceId { get; init; } = Workspaces.DefaultId;
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required string ModelId { get; init; }
    public ConceptSource Source { get; init; }
    /// <summary>The world class the concept stands for; <see cref="ConceptDocument.NoClass"/> for uploaded images that show none.</summary>
    public int ClassId { get; init; }
    /// <summary>For filters: the background the images must show.</summary>
    public string? Background { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string UpdatedBy { get; init; }
    public DateTime UpdatedAt { get; init; }
}
