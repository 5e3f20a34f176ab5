using System.IO.Compression;
using System.Text.Json;
using Cortex.Compute.Models;
using Cortex.Server.Experiments;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary>
/// An experiment's files (TIS maps and token grids as .npy and CSV, token sets, figures as PNG) and
/// the whole experiment as a zip: spec, results and every file.
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
        group.MapGet("/export.zip", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string id, IExperimentService experiments, ExperimentStore store,
            CancellationToken cancel) =>
        {
            if (await experiments.GetAsync(id, cancel) is not { } experiment) return ApiResults.NotFound("Experiment", id);
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                Add(zip, "experiment.json", JsonSerializer.SerializeToUtf8Bytes(experiment, ModelCard.Json));
                foreach (var name in experiment.Files)
                    if (store.ReadFile(id, name) is { } bytes) Add(zip, $"files/{name}", bytes);
            }
            return TypedResults.File(buffer.ToArray(), "application/zip", $"cortex-experiment-{id}.zip");
        });
    }

    static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        entry.Write(bytes);
    }
}
