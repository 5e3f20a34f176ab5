using Cortex.Server.Experiments;
using Cortex.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary><c>/api/concepts</c>: list, create, read, update, delete.</summary>
public static class ConceptEndpoints
{
    public static void MapConcepts(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/concepts").WithTags("Concepts");
        group.MapGet("/", (CortexDatabase db) => db.Concepts.Query().OrderBy(c => c.Name).ToList());
        group.MapGet("/{id}", Results<Ok<ConceptDocument>, ProblemHttpResult> (string id, CortexDatabase db) =>
            db.Concepts.FindById(id) is { } concept ? TypedResults.Ok(concept) : ApiResults.NotFound("Concept", id));
        group.MapPost("/", Results<Created<ConceptDocument>, ValidationProblem> (ConceptRequest request, SpecValidator validator, CortexDatabase db, HttpContext context) =>
        {
            var (concept, errors) = validator.Concept(request, ApiResults.User(context), existing: null);
            if (concept is null) return ApiResults.Invalid(errors);
            db.Concepts.Insert(concept);
            return TypedResults.Created($"/api/concepts/{concept.Id}", concept);
        });
        group.MapPut("/{id}", Results<Ok<ConceptDocument>, ValidationProblem, ProblemHttpResult> (string id, ConceptRequest request, SpecValidator validator,
            CortexDatabase db, HttpContext context) =>
        {
            if (db.Concepts.FindById(id) is not { } existing) return ApiResults.NotFound("Concept", id);
            var (concept, errors) = validator.Concept(request, ApiResults.User(context), existing);
            if (concept is null) return ApiResults.Invalid(errors);
            db.Concepts.Update(concept);
            return TypedResults.Ok(concept);
        });
        group.MapDelete("/{id}", Results<NoContent, ProblemHttpResult> (string id, CortexDatabase db) =>
        {
            if (db.Concepts.FindById(id) is null) return ApiResults.NotFound("Concept", id);
            if (db.Experiments.FindAll().Any(e => e.ConceptIds.Contains(id)))
                return ApiResults.Conflict("Experiments use this concept; delete them first, so that no result loses its inputs.");
            db.Concepts.Delete(id);
            return TypedResults.NoContent();
        });
    }
}
