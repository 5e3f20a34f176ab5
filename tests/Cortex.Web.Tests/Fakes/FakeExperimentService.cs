namespace Cortex.Web.Tests.Fakes;

/// <summary>Experiments in memory; results (saliency, evaluation, frames) are whatever a test puts in.</summary>
public sealed class FakeExperimentService : IExperimentService
{
    public List<ExperimentDocument> Experiments { get; } = [];
    public List<ExperimentRequest> Requests { get; } = [];
    public ServiceResult<ExperimentDocument>? NextResult { get; set; }
    public Dictionary<string, SaliencyData> Saliency { get; } = [];
    public Dictionary<string, EvaluationReport> Evaluations { get; } = [];
    public Dictionary<string, List<StoredFrame>> Frames { get; } = [];
    public Dictionary<string, ShortcutEvidenceView> ShortcutEvidence { get; } = [];
    /// <summary>The experiments whose frames a page read, in order.</summary>
    public List<string> FrameReads { get; } = [];

    public static ExperimentDocument Experiment(string id, string name, ExperimentMethod method, ExperimentStatus status, params string[] conceptIds) => new()
    {
        Id = id, Name = name, ModelId = "builtin", ConceptIds = [.. conceptIds], Method = method, Parameters = new ExperimentParameters(),
        Status = status, CreatedBy = "tester", CreatedAt = DateTime.UtcNow,
    };

    /// <summary>Every list query the pages asked, in order.</summary>
    public List<ExperimentQuery> Queries { get; } = [];

    /// <summary>Filters are only checked (as the server checks them) and sorts recorded, not applied: the server's tests cover those.</summary>
    public Task<ExperimentPage> ListAsync(ExperimentQuery query, CancellationToken cancellationToken = default)
    {
        Queries.Add(query);
        if (RunFilter.Errors(query.Filters) is { Count: > 0 } errors) throw new ArgumentException(string.Join(" ", errors), nameof(query));
        var matching = Experiments
            .Where(e => query.Status is null || e.Status.ToString().Equals(query.Status, StringComparison.OrdinalIgnoreCase)
                || (query.Status == "succeeded-with-warnings" && e.SucceededWithWarnings))
            .Where(e => query.ConceptId is null || e.ConceptIds.Contains(query.ConceptId))
            .OrderByDescending(e => e.CreatedAt).ToList();
        return Task.FromResult(new ExperimentPage(matching.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList(), matching.Count, query.Page, query.PageSize));
    }

    public Task<ExperimentDocument?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Experiments.FirstOrDefault(e => e.Id == id));

    public Task<ServiceResult<ExperimentDocument>> CreateAsync(ExperimentRequest request, string user, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        if (NextResult is { } next)
        {
            NextResult = null;
            return Task.FromResult(next);
        }
        var experiment = Experiment($"e{Experiments.Count + 1}", request.Name ?? "", ExperimentMethod.SampleLevel, ExperimentStatus.Queued, [.. request.ConceptIds ?? []])
            with { Parameters = request.Parameters ?? new ExperimentParameters(), CreatedBy = user };
        Experiments.Add(experiment);
        return Task.FromResult(ServiceResult<ExperimentDocument>.Ok(experiment));
    }

    public Task<ServiceResult<ExperimentDocument>> CancelAsync(string id, string user, CancellationToken cancellationToken = default) => Change(id, e => e with { Status = ExperimentStatus.Cancelled });

    public Task<ServiceResult<ExperimentDocument>> RequeueAsync(string id, string user, CancellationToken cancellationToken = default) => Change(id, e => e with { Status = ExperimentStatus.Queued });

    public Task<ServiceResult<ExperimentDocument>> RerunAsync(string id, string user, CancellationToken cancellationToken = default)
    {
        if (Experiments.FirstOrDefault(e => e.Id == id) is not { } original) return Task.FromResult(ServiceResult<ExperimentDocument>.NotFound("experiment", id));
        var copy = original with { Id = $"e{Experiments.Count + 1}", Status = ExperimentStatus.Queued, CreatedBy = user };
        Experiments.Add(copy);
        return Task.FromResult(ServiceResult<ExperimentDocument>.Ok(copy));
    }

    public Task<ServiceResult<bool>> DeleteAsync(string id, string user, CancellationToken cancellationToken = default) =>
        Task.FromResult(Experiments.RemoveAll(e => e.Id == id) > 0 ? ServiceResult<bool>.Ok(true) : ServiceResult<bool>.NotFound("experiment", id));

    public Task<SaliencyData?> SaliencyAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Saliency.GetValueOrDefault(id));

    public Task<EvaluationReport?> EvaluationAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Evaluations.GetValueOrDefault(id));

    public Task<ShortcutEvidenceView?> ShortcutEvidenceAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(ShortcutEvidence.GetValueOrDefault(id));

    public Task<IReadOnlyList<StoredFrame>> FramesAsync(string id, CancellationToken cancellationToken = default)
    {
        FrameReads.Add(id);
        return Task.FromResult<IReadOnlyList<StoredFrame>>(Frames.GetValueOrDefault(id) ?? []);
    }

    Task<ServiceResult<ExperimentDocument>> Change(string id, Func<ExperimentDocument, ExperimentDocument> change)
    {
        var index = Experiments.FindIndex(e => e.Id == id);
        if (index < 0) return Task.FromResult(ServiceResult<ExperimentDocument>.NotFound("experiment", id));
        Experiments[index] = change(Experiments[index]);
        return Task.FromResult(ServiceResult<ExperimentDocument>.Ok(Experiments[index]));
    }
}
