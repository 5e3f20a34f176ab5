using Cortex.Server.Storage;
using System.Diagnostics;
using Cortex.Compute.Probing;
using Cortex.Server.Experiments;
using Cortex.Server.Models;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// Probes the images of the experiments this request or circuit sees (<see cref="Accounts.WorkspaceScope"/>): the stored
/// grid with its edits goes to <see cref="Probe"/> on the experiment's model, with the run's own extractor read back.
/// </summary>
public sealed class ProbeService(ExperimentStore store, ProbeSubjects subjects, ModelRegistry models, Accounts.WorkspaceScope scope) : IProbeService
{
    public const int MaxNeighbours = 64;

    public Task<string?> UnavailableAsync(string experimentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(experimentId) is { } experiment ? ProbeSubjects.Unavailable(experiment) : $"There is no experiment with id '{experimentId}'.");

    public Task<ServiceResult<ProbeResult>> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default) =>
        OnEditedGrid(request, (subject, hosted, grid, clock) =>
        {
            using var extractor = ExtractorWeights.Load(subject.Weights, subject.Architecture, hosted.Model, subject.Concepts.Count);
            var concept = subject.Labels[request.Image];
            var answer = Probe.Answer(hosted.ForRuns, extractor, grid, concept, subject.ClassIds, subject.Importance);
            return new ProbeResult(subject.GridSize, grid, answer.Png, subject.Concepts, concept, answer.EvaluatorProbabilities, answer.ExtractorProbabilities, answer.Tis,
                Math.Round(clock.Elapsed.TotalMilliseconds, 1));
        }, cancellationToken);

    public Task<ServiceResult<IReadOnlyDictionary<string, double[]>>> TisMethodsAsync(ProbeRequest request, CancellationToken cancellationToken = default) =>
        OnEditedGrid(request, (subject, hosted, grid, _) =>
        {
            using var extractor = ExtractorWeights.Load(subject.Weights, subject.Architecture, hosted.Model, subject.Concepts.Count);
            return Probe.Methods(hosted.ForRuns, extractor, grid, subject.Labels[request.Image], subject.Concepts.Count, subject.Importance);
        }, cancellationToken);

    public async Task<ServiceResult<IReadOnlyList<long>>> NeighboursAsync(string experimentId, long token, int count, CancellationToken cancellationToken = default)
    {
        if (Find(experimentId) is not { } experiment) return ServiceResult<IReadOnlyList<long>>.NotFound("experiment", experimentId);
        if (count is < 1 or > MaxNeighbours) return Invalid<IReadOnlyList<long>>("count", $"Ask for 1 to {MaxNeighbours} neighbours, not {count}.");
        return await models.RunAsync(experiment.ModelId, hosted => token < 0 || token >= hosted.Model.CodebookSize
            ? Invalid<IReadOnlyList<long>>("token", OutsideCodebook(token, hosted))
            : ServiceResult<IReadOnlyList<long>>.Ok(Probe.Neighbours(hosted.Model, token, count)), cancellationToken);
    }

    async Task<ServiceResult<T>> OnEditedGrid<T>(ProbeRequest request, Func<ProbeSubject, HostedModel, long[], Stopwatch, T> work, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (Find(request.ExperimentId) is not { } experiment) return ServiceResult<T>.NotFound("experiment", request.ExperimentId);
        if (ProbeSubjects.Unavailable(experiment) is { } reason) return ServiceResult<T>.Conflict(reason);
        var subject = await subjects.GetAsync(experiment, cancellationToken);
        var (grid, errors) = subject.Edited(request);
        if (grid is null) return ServiceResult<T>.Invalid(errors);
        return await models.RunAsync(subject.ModelId, hosted =>
        {
            var outside = request.Edits.Where(e => e.Token < 0 || e.Token >= hosted.Model.CodebookSize).Select(e => OutsideCodebook(e.Token, hosted)).ToArray();
            return outside.Length > 0
                ? ServiceResult<T>.Invalid(new Dictionary<string, string[]> { ["edits"] = outside })
                : ServiceResult<T>.Ok(work(subject, hosted, grid, clock));
        }, cancellationToken);
    }

    static string OutsideCodebook(long token, HostedModel hosted) =>
        $"Token {token} is not in {hosted.Model.Name}'s codebook (ids 0 to {hosted.Model.CodebookSize - 1}).";

    static ServiceResult<T> Invalid<T>(string field, string message) => ServiceResult<T>.Invalid(new Dictionary<string, string[]> { [field] = [message] });

    StoredExperiment? Find(string id) => store.Get(id) is { } experiment && scope.Sees(experiment) ? experiment : null;
}
