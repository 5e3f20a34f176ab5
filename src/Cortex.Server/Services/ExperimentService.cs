using System.Text.Json;
using Cortex.Compute.Models;
using Cortex.Server.Dispatch;
using Cortex.Server.Experiments;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// The experiments of one request's or circuit's workspace (or the one a share link opens), for the dashboard
/// and the REST API alike: the lifecycle through the queue, results read back from stored files.
/// </summary>
public sealed class ExperimentService(ExperimentStore store, IExperimentQueue queue, SpecValidator validator, CortexDatabase database, TimeProvider clock,
    Accounts.AuditLog audit, Accounts.WorkspaceScope scope) : IExperimentService
{
    public const int MaxPageSize = 200;

    public Task<ExperimentPage> ListAsync(ExperimentQuery query, CancellationToken cancellationToken = default)
    {
        if (QueryErrors(query) is { Count: > 0 } errors) throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(m => m)), nameof(query));
        var warned = IsWarnedFilter(query.Status);
        var status = query.Status is null ? (ExperimentStatus?)null : warned ? ExperimentStatus.Succeeded : ParseStatus(query.Status);
        if (scope.Workspace is not { } workspace) return Task.FromResult(new ExperimentPage([], 0, query.Page, query.PageSize));
        var items = RunsTable.Page(database, workspace, status, warned, query, out var total);
        return Task.FromResult(new ExperimentPage(items.Select(e => e.ToContract()).ToList(), total, query.Page, query.PageSize));
    }

    /// <summary>What is wrong with a list query, per field (empty when nothing is); the API answers with these, the service refuses with them.</summary>
    public static Dictionary<string, string[]> QueryErrors(ExperimentQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.Status is not null && ParseStatus(query.Status) is null && !IsWarnedFilter(query.Status))
            errors["status"] = [$"Status must be one of {string.Join(", ", Enum.GetNames<ExperimentStatus>()).ToLowerInvariant()}, or {SucceededWithWarnings} (succeeded runs that failed a check)."];
        if (query.Page < 1 || query.PageSize is < 1 or > MaxPageSize) errors["page"] = [$"page must be ≥ 1 and pageSize in 1..{MaxPageSize}."];
        if (RunsTable.SortError(query.Sort) is { } sort) errors["sort"] = [sort];
        if (RunFilter.Errors(query.Filters) is { Count: > 0 } filters) errors["filter"] = [.. filters];
        return errors;
    }

    public static ExperimentStatus? ParseStatus(string status) => EnumNames.Parse<ExperimentStatus>(status);

    /// <summary>The list filter for <see cref="ExperimentDocument.SucceededWithWarnings"/>: a display state, not a status of its own.</summary>
    public const string SucceededWithWarnings = "succeeded-with-warnings";

    static bool IsWarnedFilter(string? status) => string.Equals(status, SucceededWithWarnings, StringComparison.OrdinalIgnoreCase);

    public Task<ExperimentDocument?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Find(id)?.ToContract());

    public Task<ServiceResult<ExperimentDocument>> CreateAsync(ExperimentRequest request, string user, CancellationToken cancellationToken = default)
    {
        var (experiment, errors) = validator.Experiment(request, user, scope.Current);
        if (experiment is null) return Task.FromResult(ServiceResult<ExperimentDocument>.Invalid(errors));
        // Recorded first: the worker may take the experiment the moment it is stored.
        audit.Record(user, $"created and queued ({SpecValidator.MethodName(experiment.Method)} on {experiment.ModelId})", "experiment", experiment.Id);
        queue.Enqueue(experiment);
        return Task.FromResult(ServiceResult<ExperimentDocument>.Ok(experiment.ToContract()));
    }

    public Task<ServiceResult<ExperimentDocument>> CancelAsync(string id, string user, CancellationToken cancellationToken = default)
    {
        if (Find(id) is null) return Task.FromResult(ServiceResult<ExperimentDocument>.NotFound("experiment", id));
        var (experiment, result) = queue.Cancel(id);
        if (experiment is null) return Task.FromResult(ServiceResult<ExperimentDocument>.NotFound("experiment", id));
        if (result != CancelResult.Refused)
        {
            audit.Record(user, result == CancelResult.CancelledWhileQueued ? "cancelled it while queued" : "cancelled the run", "experiment", id);
            return Task.FromResult(ServiceResult<ExperimentDocument>.Ok(experiment.ToContract()));
        }
        return Task.FromResult(ServiceResult<ExperimentDocument>.Conflict(
            $"The experiment is {Lower(experiment.Status)}; only queued or running experiments can be cancelled."));
    }

    public Task<ServiceResult<ExperimentDocument>> RequeueAsync(string id, string user, CancellationToken cancellationToken = default)
    {
        if (Find(id) is null) return Task.FromResult(ServiceResult<ExperimentDocument>.NotFound("experiment", id));
        var (experiment, changed) = queue.Requeue(id);
        if (experiment is null) return Task.FromResult(ServiceResult<ExperimentDocument>.NotFound("experiment", id));
        if (changed) audit.Record(user, "queued it again", "experiment", id);
        return Task.FromResult(changed
            ? ServiceResult<ExperimentDocument>.Ok(experiment.ToContract())
            : ServiceResult<ExperimentDocument>.Conflict(
                $"The experiment is {Lower(experiment.Status)}; only failed, cancelled or interrupted experiments can be queued again (use re-run for a copy)."));
    }

    public Task<ServiceResult<ExperimentDocument>> RerunAsync(string id, string user, CancellationToken cancellationToken = default)
    {
        if (Find(id) is not { } original) return Task.FromResult(ServiceResult<ExperimentDocument>.NotFound("experiment", id));
        var now = clock.GetUtcNow().UtcDateTime;
        var copy = original with
        {
            Id = Ids.New(), Name = $"{original.Name} (re-run)", Status = ExperimentStatus.Queued, CreatedBy = user, CreatedAt = now, QueuedAt = now,
            StartedAt = null, FinishedAt = null, Progress = 0, Stage = "", Error = null, Summary = null, Files = [], Timings = [],
        };
        audit.Record(user, $"created and queued as a re-run of {original.Id}", "experiment", copy.Id);
        queue.Enqueue(copy);
        audit.Record(user, $"re-ran it as {copy.Id}", "experiment", original.Id);
        return Task.FromResult(ServiceResult<ExperimentDocument>.Ok(copy.ToContract()));
    }

    public Task<ServiceResult<bool>> DeleteAsync(string id, string user, CancellationToken cancellationToken = default)
    {
        if (Find(id) is null) return Task.FromResult(ServiceResult<bool>.NotFound("experiment", id));
        if (!store.Delete(id)) return Task.FromResult(ServiceResult<bool>.Conflict("A running experiment cannot be deleted; cancel it first."));
        audit.Record(user, "deleted it", "experiment", id);
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public Task<SaliencyData?> SaliencyAsync(string id, CancellationToken cancellationToken = default)
    {
        if (Find(id) is not { } experiment || !experiment.Files.Contains("tis.npy")) return Task.FromResult<SaliencyData?>(null);
        var tis = NpyArray.Read(store.ReadFile(id, "tis.npy")!);
        var tokens = NpyArray.Read(store.ReadFile(id, "tokens.npy")!);
        var labels = NpyArray.Read(store.ReadFile(id, "labels.npy")!).Int64();
        var (count, grid) = ((int)tis.Shape[0], (int)tis.Shape[1]);
        var cells = grid * grid;
        var scores = tis.Float32();
        var ids = tokens.Int64();
        var concepts = ConceptNames(experiment);
        return Task.FromResult<SaliencyData?>(new SaliencyData(id, grid, concepts, labels.Select(l => (int)l).ToList(),
            Enumerable.Range(0, count).Select(i => ids[(i * cells)..((i + 1) * cells)]).ToList(),
            Enumerable.Range(0, count).Select(i => scores[(i * cells)..((i + 1) * cells)]).ToList()));
    }

    public Task<EvaluationReport?> EvaluationAsync(string id, CancellationToken cancellationToken = default)
    {
        if (Find(id) is not { } experiment || !experiment.Files.Contains(EvaluationFile.Name)) return Task.FromResult<EvaluationReport?>(null);
        return Task.FromResult<EvaluationReport?>(EvaluationFile.Read(store.ReadFile(id, EvaluationFile.Name)!));
    }

    public Task<ShortcutEvidenceView?> ShortcutEvidenceAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(id) is { } experiment && experiment.Files.Contains(ShortcutEvidenceFile.Name) ? ShortcutEvidenceFile.Read(store.ReadFile(id, ShortcutEvidenceFile.Name)!) : null);

    public Task<IReadOnlyList<StoredFrame>> FramesAsync(string id, CancellationToken cancellationToken = default)
    {
        if (Find(id) is not { } experiment || !experiment.Files.Contains(FrameLog.Name)) return Task.FromResult<IReadOnlyList<StoredFrame>>([]);
        return Task.FromResult(FrameLog.Read(store.ReadFile(id, FrameLog.Name)!));
    }

    StoredExperiment? Find(string id) => store.Get(id) is { } experiment && scope.Sees(experiment) ? experiment : null;

    /// <summary>Concept names in the experiment's order (label k is concept k); a deleted concept shows its id.</summary>
    IReadOnlyList<string> ConceptNames(StoredExperiment experiment) =>
        experiment.ConceptIds.Select(c => database.Concepts.FindById(c)?.Name ?? c).ToList();

    static string Lower(ExperimentStatus status) => status.ToString().ToLowerInvariant();
}
