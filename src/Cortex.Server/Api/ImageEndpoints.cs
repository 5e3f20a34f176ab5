using Cortex.Server.Experiments;
using Cortex.Server.Models;
using Cortex.Server.Options;
using Cortex.Server.Services;
using Cortex.Server.Storage;
using Cortex.Web.Services;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Api;

/// <summary>
/// The images the dashboard links to (see <see cref="ApiUrls"/>): decoded support images of a concept
/// and of an experiment, an uploaded concept's stored images, the codebook sprite and a codebook
/// entry's occurrences in context.
/// </summary>
public static class ImageEndpoints
{
    public static void MapImages(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Images");
        group.MapGet("/concepts/{id}/support/{index:int}.png", async (string id, int index, int? count, int? seed, IConceptService concepts, SupportCache support,
            IOptions<CortexOptions> options, HttpContext context) =>
        {
            var (n, s) = (count ?? 16, seed ?? 1);
            if (n < 1 || n > options.Value.MaxImagesPerConcept) return Invalid("count", $"count must lie in 1..{options.Value.MaxImagesPerConcept}.");
            if (index < 0 || index >= n) return Invalid("index", $"index must lie in 0..{n - 1}.");
            if (await concepts.GetAsync(id, context.RequestAborted) is not { } concept) return ApiResults.NotFound("Concept", id);
            try
            {
                return ApiResults.Png(context, (await support.GetAsync(concept.ToStored(), n, s, context.RequestAborted)).Png[index]);
            }
            catch (ArgumentException e)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The support set cannot be built", detail: e.Message);
            }
        });
        group.MapGet("/concepts/{id}/images/{index:int}.png", async (string id, int index, IConceptService concepts, ConceptImageStore images, HttpContext context) =>
            await concepts.GetAsync(id, context.RequestAborted) is not null && images.Read(id, index) is { } png ? ApiResults.Png(context, png) : ApiResults.NotFound("Concept image", $"{id}/{index}"));
        group.MapGet("/experiments/{id}/images/{index:int}.png", async (string id, int index, IExperimentService experiments, ExperimentImages images, HttpContext context) =>
            await experiments.GetAsync(id, context.RequestAborted) is { } experiment && images.Png(experiment, index) is { } png
                ? ApiResults.Png(context, png) : ApiResults.NotFound("Experiment image", $"{id}/{index}"));
        group.MapGet("/models/{id}/codebook.png", async (string id, CodebookService codebook, HttpContext context) =>
            await codebook.SpriteAsync(id, context.RequestAborted) is { } png ? ApiResults.Png(context, png) : ApiResults.NotFound("Model", id));
        group.MapGet("/models/{id}/codebook/{token:long}/contexts.png", async (string id, long token, CodebookService codebook, HttpContext context) =>
            await codebook.ContextsAsync(id, token, context.RequestAborted) switch
            {
                null => ApiResults.NotFound("Codebook entry", $"{id}/{token}"),
                { Length: 0 } => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Never used",
                    detail: $"Codebook entry {token} occurs in none of the encoded images Cortex draws to measure usage."),
                var png => ApiResults.Png(context, png),
            });
    }

    static IResult Invalid(string field, string message) => ApiResults.Invalid(new() { [field] = [message] });
}
