using Cortex.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary><c>/api/concepts</c>: list, create, read, update, delete.</summary>
public static class ConceptEndpoints
{
    public static void MapConcepts(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/concepts").WithTags("Concepts");
        group.MapGet("/", (IConceptService concepts, CancellationToken cancel) => concepts.ListAsync(cancel));
        group.MapGet("/{id}", async Task<Results<Ok<ConceptDocument>, ProblemHttpResult>> (string id, IConceptService concepts, CancellationToken cancel) =>
            await concepts.GetAsync(id, cancel) is { } concept ? TypedResults.Ok(concept) : ApiResults.NotFound("Concept", id));
        group.MapPost("/", async (ConceptRequest request, IConceptService concepts, HttpContext context) =>
            ApiResults.Created(await concepts.CreateAsync(request, ApiResults.User(context), context.RequestAborted), c => $"/api/concepts/{c.Id}"));
        group.MapPut("/{id}", async (string id, ConceptRequest request, IConceptService concepts, HttpContext context) =>
            ApiResults.Ok(await concepts.UpdateAsync(id, request, ApiResults.User(context), context.RequestAborted)));
        group.MapDelete("/{id}", async (string id, IConceptService concepts, CancellationToken cancel) => ApiResults.NoContent(await concepts.DeleteAsync(id, cancel)));
    }
}
