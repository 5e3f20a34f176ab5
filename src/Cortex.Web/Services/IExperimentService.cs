using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>Experiments: create (queued), list, read, cancel, re-queue, re-run, delete, and their stored results.</summary>
public interface IExperimentService
{
    Task<ExperimentPage> ListAsync(ExperimentQuery query, CancellationToken cancellationToken = default);

    Task<ExperimentDocument?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<ServiceResult<ExperimentDocument>> CreateAsync(ExperimentRequest request, string user, CancellationToken cancellationToken = default);

    Task<ServiceResult<ExperimentDocument>> CancelAsync(string id, string user, CancellationToken cancellationToken = default);

    /// <summary>Queues a failed, cancelled or interrupted experiment again, clearing its results.</summary>
    Task<ServiceResult<ExperimentDocument>> RequeueAsync(string id, string user, CancellationToken cancellationToken = default);

    /// <summary>A new queued copy with the same spec; the original stays as it is.</summary>
    Task<ServiceResult<ExperimentDocument>> RerunAsync(string id, string user, CancellationToken cancellationToken = default);

    Task<ServiceResult<bool>> DeleteAsync(string id, string user, CancellationToken cancellationToken = default);

    /// <summary>The per-image TIS maps of a sample- or concept-level experiment; null when it has none (yet).</summary>
    Task<SaliencyData?> SaliencyAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The evaluation method's report; null when the experiment has none.</summary>
    Task<EvaluationReport?> EvaluationAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The stored frames of a codebook-level run (for replay after it ended); empty when none.</summary>
    Task<IReadOnlyList<StoredFrame>> FramesAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>What a shortcut review compared and the images it counted; null when the experiment has none (another method, or stored before reviews kept it).</summary>
    Task<ShortcutEvidenceView?> ShortcutEvidenceAsync(string id, CancellationToken cancellationToken = default);
}

/// <param name="Sort">a <see cref="RunColumns"/> key to order by (null: newest first)</param>
/// <param name="Filters">per column key, its filter as typed (<see cref="RunFilter"/>); all must hold</param>
public sealed record ExperimentQuery(string? Status = null, string? ConceptId = null, int Page = 1, int PageSize = 50,
    string? Sort = null, bool Descending = true, IReadOnlyDictionary<string, string>? Filters = null);

public sealed record ExperimentPage(IReadOnlyList<ExperimentDocument> Items, int Total, int Number, int PageSize);
