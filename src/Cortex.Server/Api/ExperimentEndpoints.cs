using Cortex.Server.Experiments;
using Cortex.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary><c>/api/experiments</c>: create (queued), list, read, cancel, re-queue, re-run, delete, results.</summary>
public static class ExperimentEndpoints
{
    public const int MaxPageSize = 200;

    public sealed record Page(IReadOnlyList<ExperimentDocument> Items, int Total, int Number, int PageSize);

    public sealed record ResultsView(string Id, string Status, ExperimentSummary? Summary, IReadOnlyList<string> Files, string? Error);

    public static void MapExperiments(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/experiments").WithTags("Experiments");
        group.MapGet("/", Results<Ok<Page>, ValidationProblem> (ExperimentStore store, string? status, string? concept, int? page, int? pageSize) =>
        {
            ExperimentStatus? filter = null;
            if (status is not null)
            {
                if (!Enum.TryParse<ExperimentStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                    return ApiResults.Invalid(new() { ["status"] = [$"Status must be one of {string.Join(", ", Enum.GetNames<ExperimentStatus>()).ToLowerInvariant()}."] });
                filter = parsed;
            }
            var (number, size) = (page ?? 1, pageSize ?? 50);
            if (number < 1 || size < 1 || size > MaxPageSize)
                return ApiResults.Invalid(new() { ["page"] = [$"page must be ≥ 1 and pageSize in 1..{MaxPageSize}."] });
            var items = store.List(filter, concept, (number - 1) * size, size, out var total);
            return TypedResults.Ok(new Page(items, total, number, size));
        });
        group.MapGet("/{id}", Results<Ok<ExperimentDocument>, ProblemHttpResult> (string id, ExperimentStore store) =>
            store.Get(id) is { } experiment ? TypedResults.Ok(experiment) : ApiResults.NotFound("Experiment", id));
        group.MapPost("/", Results<Created<ExperimentDocument>, ValidationProblem> (ExperimentRequest request, SpecValidator validator, ExperimentStore store, HttpContext context) =>
        {
            var (experiment, errors) = validator.Experiment(request, ApiResults.User(context));
            if (experiment is null) return ApiResults.Invalid(errors);
            store.Add(experiment);
            return TypedResults.Created($"/api/experiments/{experiment.Id}", experiment);
        });
        group.MapPost("/{id}/cancel", Results<Ok<ExperimentDocument>, ProblemHttpResult> (string id, ExperimentStore store, ComputeWorker worker) =>
        {
            var (experiment, changed) = store.CancelQueued(id);
            if (experiment is null) return ApiResults.NotFound("Experiment", id);
            if (changed) return TypedResults.Ok(experiment);
            if (experiment.Status == ExperimentStatus.Running && worker.Cancel(id)) return TypedResults.Ok(experiment);
            return ApiResults.Conflict($"The experiment is {experiment.Status.ToString().ToLowerInvariant()}; only queued or running experiments can be cancelled.");
        });
        group.MapPost("/{id}/requeue", Requeue);
        group.MapPost("/{id}/start", Requeue);
        group.MapPost("/{id}/rerun", Results<Created<ExperimentDocument>, ProblemHttpResult> (string id, ExperimentStore store, HttpContext context) =>
        {
            if (store.Get(id) is not { } original) return ApiResults.NotFound("Experiment", id);
            var now = DateTime.UtcNow;
            var copy = original with
            {
                Id = Ids.New(), Name = $"{original.Name} (re-run)", Status = ExperimentStatus.Queued, CreatedBy = ApiResults.User(context), CreatedAt = now, QueuedAt = now,
                StartedAt = null, FinishedAt = null, Progress = 0, Stage = "", Error = null, Summary = null, Files = [], Timings = [],
            };
            store.Add(copy);
            return TypedResults.Created($"/api/experiments/{copy.Id}", copy);
        });
        group.MapDelete("/{id}", Results<NoContent, ProblemHttpResult> (string id, ExperimentStore store) =>
            store.Get(id) is null ? ApiResults.NotFound("Experiment", id)
            : store.Delete(id) ? TypedResults.NoContent()
            : ApiResults.Conflict("A running experiment cannot be deleted; cancel it first."));
        group.MapGet("/{id}/results", Results<Ok<ResultsView>, ProblemHttpResult> (string id, ExperimentStore store) =>
            store.Get(id) is { } e
                ? TypedResults.Ok(new ResultsView(e.Id, e.Status.ToString().ToLowerInvariant(), e.Summary, e.Files, e.Error))
                : ApiResults.NotFound("Experiment", id));
    }

    static Results<Ok<ExperimentDocument>, ProblemHttpResult> Requeue(string id, ExperimentStore store)
    {
        var (experiment, changed) = store.Requeue(id);
        if (experiment is null) return ApiResults.NotFound("Experiment", id);
        return changed
            ? TypedResults.Ok(experiment)
            : ApiResults.Conflict($"The experiment is {experiment.Status.ToString().ToLowerInvariant()}; only failed, cancelled or interrupted experiments can be queued again (use rerun for a copy).");
    }
}
