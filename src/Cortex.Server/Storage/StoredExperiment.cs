using Cortex.Web.Services;

namespace Cortex.Server.Storage;

/// <summary>
/// An experiment as the <c>experiments</c> collection holds it: what to run on which concepts, its lifecycle, and a small
/// summary of its results (arrays live in file storage).
/// </summary>
public sealed record StoredExperiment
{
    public required string Id { get; init; }
    /// <summary>The workspace it belongs to; only that workspace's members see it.</summary>
    public string WorkspaceId { get; init; } = Workspaces.DefaultId;
    public required string Name { get; init; }
    public required string ModelId { get; init; }
    public required List<string> ConceptIds { get; init; }
    public ExperimentMethod Method { get; init; }
    public required StoredExperimentParameters Parameters { get; init; }
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
    public StoredExperimentSummary? Summary { get; init; }
    public List<string> Files { get; init; } = [];
    /// <summary>
    /// The W3C <c>traceparent</c> of the span that queued it, so that whichever worker takes the run continues that trace;
    /// null when nothing was tracing then.
    /// </summary>
    public string? TraceParent { get; init; }
    /// <summary>The runs table's headline metrics, derived from the summary and written with the document so that the database sorts and filters by them.</summary>
    public RunHeadline? Headline => RunHeadline.Of(Summary?.Figures, Parameters?.TisMethod); // a document from before parameters were stored has none
    /// <summary>The compute worker that runs it or ran it last; null until one took it.</summary>
    public string? Worker { get; init; }
    /// <summary>How many times a worker started it since a person queued it (a dead worker's run is started again, up to <c>Cortex:Cluster:MaxAttempts</c>).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// A run that finished but failed one of its own checks. Derived, not a status of its own, so that older documents need
    /// no migration; written with the document all the same, so that the list can filter on it in the database.
    /// </summary>
    public bool SucceededWithWarnings => Status == ExperimentStatus.Succeeded && FailedChecks().Count > 0;

    /// <summary>The checks the run failed, in the order it made them.</summary>
    public IReadOnlyList<StoredRunCheck> FailedChecks() => Summary?.Checks.Where(c => !c.Passed).ToList() ?? [];
}
