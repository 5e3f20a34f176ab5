using Cortex.Web.Services;

namespace Cortex.Server.Storage;

/// <summary>A note on an experiment, one of its token ids, a grid position (of one image) or a finding, as the <c>annotations</c> collection holds it.</summary>
public sealed record StoredAnnotation
{
    public required string Id { get; init; }
    /// <summary>The workspace it belongs to; only that workspace's members see it.</summary>
    public string WorkspaceId { get; init; } = Workspaces.DefaultId;
    public required string ExperimentId { get; init; }
    public AnnotationTarget Target { get; init; }
    public long? TokenId { get; init; }
    public int? Position { get; init; }
    public int? ImageIndex { get; init; }
    public string? FindingId { get; init; }
    public required string Author { get; init; }
    public required string Text { get; init; }
    public DateTime CreatedAt { get; init; }
    /// <summary>The model whose codebook its token belongs to; null on notes older than token pages (their experiment's model).</summary>
    public string? ModelId { get; init; }
    /// <summary>The first annotation of the thread this one replies to; null for a thread's first.</summary>
    public string? ParentId { get; init; }
    /// <summary>When its author last changed the text; null if never.</summary>
    public DateTime? EditedAt { get; init; }

    /// <summary>What <see cref="ExperimentId"/> holds for a note written on a token's page, which is about no experiment.</summary>
    public const string NoExperiment = "";

    /// <summary>Whether it was written on a token's page; test with this, not <see cref="NoExperiment"/>: LiteDB reads an empty string back as null.</summary>
    public bool IsAboutNoExperiment() => string.IsNullOrEmpty(ExperimentId);
}

/// <summary>A bias/shortcut token finding with its evidence, under review, as the <c>findings</c> collection holds it.</summary>
public sealed record StoredFinding
{
    public required string Id { get; init; }
    /// <summary>The workspace it belongs to; only that workspace's members see it.</summary>
    public string WorkspaceId { get; init; } = Workspaces.DefaultId;
    public required string ExperimentId { get; init; }
    public required string ConceptId { get; init; }
    public required string Title { get; init; }
    public required List<long> Tokens { get; init; }
    public required Dictionary<string, double> Evidence { get; init; }
    public FindingStatus Status { get; init; }
    public string? Reviewer { get; init; }
    public List<StoredFindingComment> Comments { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}

/// <summary>One entry of a finding's history: who did what and when — a comment, a status change (<paramref name="Status"/>), or both.</summary>
public sealed record StoredFindingComment(string Author, string Text, DateTime At, FindingStatus? Status = null);
