using Cortex.Server.Services;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary><c>/api/experiments</c>: create (queued), list, read, cancel, re-queue, re-run, delete, results.</summary>
public static class ExperimentEndpoints
{
    /// <param name="SucceededWithWarnings">the run finished but failed checks of its own (listed in the summary's <c>checks</c>)</param>
    public sealed record ResultsView(string Id, string Status, bool SucceededWithWarnings, ExperimentSummary? Summary, IReadOnlyList<string> Files, string? Error);

    public static void MapExperiments(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/experiments").WithTags("Experiments");
        // sort, dir and filter as the runs table's URL has them: ?sort=deletion_auc&dir=asc&filter=steps:>100
        group.MapGet("/", async Task<Results<Ok<ExperimentPage>, ValidationProblem>> (IExperimentService experiments, string? status, string? concept, int? page, int? pageSize,
            string? sort, string? dir, string[]? filter, CancellationToken cancel) =>
        {
            var table = RunsTableState.From(status, page, sort, dir, null, filter);
            var query = new ExperimentQuery(status, concept, page ?? 1, pageSize ?? 50, table.Sort, table.Descending, table.Filters);
            if (ExperimentService.QueryErrors(query) is { Count: > 0 } errors) return ApiResults.Invalid(errors);
            return TypedResults.Ok(await experiments.ListAsync(query, cancel));
        });
        group.MapGet("/{id}", async Task<Results<Ok<ExperimentDocument>, ProblemHttpResult>> (string id, IExperimentService experiments, CancellationToken cancel) =>
            await experiments.GetAsync(id, cancel) is { } experiment ? TypedResults.Ok(experiment) : ApiResults.NotFound("Experiment", id));
        group.MapPost("/", async (ExperimentRequest request, IExperimentService experiments, HttpContext context) =>
            ApiResults.Created(await experiments.CreateAsync(request, ApiResults.User(context), context.RequestAborted), e => $"/api/experiments/{e.Id}"));
        group.MapPost("/{id}/cancel", async (string id, IExperimentService experiments, HttpContext context) =>
            ApiResults.Ok(await experiments.CancelAsync(id, ApiResults.User(context), context.RequestAborted)));
        group.MapPost("/{id}/requeue", Requeue);
        group.MapPost("/{id}/start", Requeue);
        group.MapPost("/{id}/rerun", async (string id, IExperimentService experiments, HttpContext context) =>
            ApiResults.Created(await experiments.RerunAsync(id, ApiResults.User(context), context.RequestAborted), e => $"/api/experiments/{e.Id}"));
        group.MapDelete("/{id}", async (string id, IExperimentService experiments, HttpContext context) =>
            ApiResults.NoContent(await experiments.DeleteAsync(id, ApiResults.User(context), context.RequestAborted)));
        group.MapGet("/{id}/results", async Task<Results<Ok<ResultsView>, ProblemHttpResult>> (string id, IExperimentService experiments, CancellationToken cancel) =>
            await experiments.GetAsync(id, cancel) is { } e
                ? TypedResults.Ok(new ResultsView(e.Id, e.Status.ToString().ToLowerInvariant(), e.SucceededWithWarnings, e.Summary, e.Files, e.Error))
                : ApiResults.NotFound("Experiment", id));
    }

    static async Task<IResult> Requeue(string id, IExperimentService experiments, HttpContext context) =>
        ApiResults.Ok(await experiments.RequeueAsync(id, ApiResults.User(context), context.RequestAborted));
}
