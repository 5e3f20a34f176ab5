using Cortex.Web.Services;

namespace Cortex.Web.Contracts;

public enum ConceptSource { Generated, Encoded, Filter, Uploaded }

/// <summary>
/// A concept: a label with a way to produce its support set — sampled from the model's prior for a
/// class (generated), rendered images of a class encoded by the tokenizer (encoded), encoded images
/// of a class restricted to one background (filter), or images people uploaded, encoded (uploaded).
/// </summary>
public sealed record ConceptDocument
{
    public required string Id { get; init; }
    /// <summary>The workspace it belongs to; only that workspace's members see it.</summary>
    public string WorkspaceId { get; init; } = Workspaces.DefaultId;
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required string ModelId { get; init; }
    public ConceptSource Source { get; init; }
    /// <summary>The world class the concept stands for; <see cref="NoClass"/> for uploaded images that show none.</summary>
    public int ClassId { get; init; }
    /// <summary>For filters: the background the images must show.</summary>
    public string? Background { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string UpdatedBy { get; init; }
    public DateTime UpdatedAt { get; init; }

    public const int NoClass = -1;
}

public enum ExperimentMethod { SampleLevel, ConceptLevel, CodebookLevel, Evaluation, ShortcutReview }

public enum ExperimentStatus { Queued, Running, Succeeded, Failed, Cancelled, Interrupted }

/// <summary>An experiment: what to run on which concepts, its lifecycle, and a small summary of its results (arrays live in file storage).</summary>
public sealed record ExperimentDocument
{
    public required string Id { get; init; }
    /// <summary>The workspace it belongs to; only that workspace's members see it.</summary>
    public string WorkspaceId { get; init; } = Workspaces.DefaultId;
    public required string Name { get; init; }
    public required string ModelId { get; init; }
    public required List<string> ConceptIds { get; init; }
    public ExperimentMethod Method { get; init; }
    public required ExperimentParameters Parameters { get; init; }
    public ExperimentStatus Status { get; init; }
    public double Progress { get; init; }
    public string Stage { get; init; } = "";
    public string? Error { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? QueuedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public Dictionary<string, double> Timings { get; init; } = [];
    public ExperimentSummary? Summary { get; init; }
    public List<string> Files { get; init; } = [];
    /// <summary>
    /// The W3C <c>traceparent</c> of the span that queued it, so that whichever worker takes the run continues that trace;
    /// null when nothing was tracing then.
    /// </summary>
    public string? TraceParent { get; init; }
    /// <summary>The compute worker that runs it or ran it last; null until one took it.</summary>
    public string? Worker { get; init; }
    /// <summary>How many times a worker started it since it was queued by a person (a run whose worker died is started again, up to <c>Cortex:Cluster:MaxAttempts</c>).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// A run that finished but failed one of its own checks (<see cref="ExperimentSummary.Checks"/>): its results exist
    /// and cannot be trusted as they stand. Derived, not a status of its own, so that filters and clients waiting for
    /// "succeeded" keep working.
    /// </summary>
    public bool SucceededWithWarnings => Status == ExperimentStatus.Succeeded && FailedChecks().Count > 0;

    /// <summary>The runs table's headline metrics; derived from the summary and written with the document, so the list sorts and filters by them in the database.</summary>
    public RunHeadline? Headline => RunHeadline.Of(Summary?.Figures, Parameters?.TisMethod); // a document from before parameters were stored has none

    /// <summary>The checks the run failed, in the order it made them.</summary>
    public IReadOnlyList<RunCheck> FailedChecks() => Summary?.Checks.Where(c => !c.Passed).ToList() ?? [];
}

public enum AnnotationTarget { Experiment, Token, Position, Finding }

/// <summary>A note on an experiment, one of its token ids, a grid position (of one image) or a finding.</summary>
public sealed record AnnotationDocument
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
    /// <summary>
    /// The model whose codebook <see cref="TokenId"/> indexes; null on notes older than token pages, whose token
    /// belongs to their experiment's model.
    /// </summary>
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

public enum FindingStatus { Open, Confirmed, Dismissed }

/// <summary>One entry of a finding's history: who did what and when — a comment, a status change (<paramref name="Status"/>), or both.</summary>
public sealed record FindingComment(string Author, string Text, DateTime At, FindingStatus? Status = null);

/// <summary>A bias/shortcut token finding with its evidence, under review.</summary>
public sealed record FindingDocument
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
    public List<FindingComment> Comments { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}
