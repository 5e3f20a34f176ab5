using Cortex.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary><c>/api/models</c>: list, read, register from the models directory, unregister, and what the directory holds.</summary>
public static class ModelEndpoints
{
    public static void MapModels(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/models").WithTags("Models");
        group.MapGet("/", (IModelCatalog models, CancellationToken cancel) => models.ListAsync(cancel));
        // What the server's disk holds, with its absolute path, is for those who register models: server administrators.
        group.MapGet("/directory", (IModelCatalog models, CancellationToken cancel) => models.BrowseAsync(cancel)).RequireAuthorization(CortexAuth.AdministratorPolicy);
        group.MapGet("/{id}", async Task<Results<Ok<ModelSummary>, ProblemHttpResult>> (string id, IModelCatalog models, CancellationToken cancel) =>
            await models.GetAsync(id, cancel) is { } model ? TypedResults.Ok(model) : ApiResults.NotFound("Model", id));
        group.MapPost("/", async (ModelRegistration registration, IModelCatalog models, HttpContext context) =>
            ApiResults.Created(await models.RegisterAsync(registration, ApiResults.User(context), context.RequestAborted), m => $"/api/models/{m.Id}"))
            .RequireAuthorization(CortexAuth.AdministratorPolicy);
        group.MapDelete("/{id}", async (string id, IModelCatalog models, CancellationToken cancel) => ApiResults.NoContent(await models.UnregisterAsync(id, cancel)))
            .RequireAuthorization(CortexAuth.AdministratorPolicy);
        group.MapGet("/{id}/samples.png", async (string id, int? classId, int? count, IModelCatalog models, HttpContext context) =>
            await models.SamplesPngAsync(id, classId ?? 0, count ?? 16, context.RequestAborted) is { } png
                ? ApiResults.Png(context, png)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No samples",
                    detail: $"Model '{id}' is not registered, has no prior to sample from, or has no class {classId ?? 0}; count must lie in 1..64."));
    }
}
