using Cortex.Server.Accounts;
using Cortex.Server.Experiments;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary>
/// An experiment's files (TIS maps and token grids as .npy and CSV, token sets, figures as PNG) and
/// the whole experiment as a zip that reads without Cortex (<see cref="ExportArchive"/>).
/// </summary>
public static class ExportEndpoints
{
    static readonly Dictionary<string, string> ContentTypes = new()
    {
        [".npy"] = "application/octet-stream", [".csv"] = "text/csv", [".png"] = "image/png", [".json"] = "application/json",
    };

    public static void MapExports(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/experiments/{id}").WithTags("Exports");
        group.MapGet("/files/{name}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string id, string name, IExperimentService experiments, ExperimentStore store,
            CancellationToken cancel) =>
        {
            if (await experiments.GetAsync(id, cancel) is not { } experiment) return ApiResults.NotFound("Experiment", id);
            if (!experiment.Files.Contains(name) || store.ReadFile(id, name) is not { } bytes) return ApiResults.NotFound("File", $"{id}/{name}");
            return TypedResults.File(bytes, ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream"), name);
        });
        group.MapGet("/export.zip", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string id, IExperimentService experiments, IReviewService review,
            ExperimentStore store, HttpContext context, CancellationToken cancel) =>
        {
            if (await experiments.GetAsync(id, cancel) is not { } experiment) return ApiResults.NotFound("Experiment", id);
            // Findings and annotations stay with the workspace's members: a share link's zip holds the run's results alone.
            var member = ShareGrant.ExperimentOf(context.User) is null;
            var findings = member ? (await review.FindingsAsync(null, cancel)).Value?.Where(f => f.ExperimentId == id).ToList() ?? [] : [];
            var annotations = member ? (await review.AnnotationsAsync(id, cancel)).Value ?? [] : [];
            var zip = ExportArchive.Build(experiment, name => store.ReadFile(id, name), findings, annotations);
            return TypedResults.File(zip, "application/zip", $"cortex-experiment-{id}.zip");
        });
    }
}
