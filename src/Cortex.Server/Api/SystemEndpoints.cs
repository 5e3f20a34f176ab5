using Cortex.Server.Experiments;
using Cortex.Server.Models;
using Cortex.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary>Liveness and readiness.</summary>
public static class SystemEndpoints
{
    public sealed record Readiness(bool ModelLoaded, bool DatabaseOpen, bool WorkerAlive, int SchemaVersion);

    public static void MapSystem(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "alive" })).WithTags("Health");
        app.MapGet("/readyz", Results<Ok<Readiness>, JsonHttpResult<Readiness>> (ModelRegistry models, CortexDatabase db, ComputeWorker worker) =>
        {
            var workerAlive = worker.ExecuteTask is { IsCompleted: false };
            var readiness = new Readiness(models.BuiltIn is not null, db.IsOpen(), workerAlive, db.SchemaVersion);
            return readiness is { ModelLoaded: true, DatabaseOpen: true, WorkerAlive: true }
                ? TypedResults.Ok(readiness)
                : TypedResults.Json(readiness, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).WithTags("Health");
    }
}
