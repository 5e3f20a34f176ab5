using Cortex.Web.Contracts;
using Cortex.Web.Services;

namespace Cortex.Server.Api;

/// <summary><c>/api/experiments/{id}/share-links</c>: list (viewer), create and revoke (editor) the public links of an experiment of the caller's workspace.</summary>
public static class ShareLinkEndpoints
{
    public static void MapShareLinks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/experiments/{id}/share-links").WithTags("Share links");
        group.MapGet("/", async (string id, IShareLinkService links, IExperimentService experiments, CancellationToken cancel) =>
            await experiments.GetAsync(id, cancel) is null ? ApiResults.NotFound("Experiment", id) : Results.Ok(await links.ListAsync(id, cancel)));
        group.MapPost("/", async (string id, ShareLinkRequest request, IShareLinkService links, IExperimentService experiments, HttpContext context) =>
            await experiments.GetAsync(id, context.RequestAborted) is null ? ApiResults.NotFound("Experiment", id)
            : ApiResults.Created(await links.CreateAsync(id, request.ExpiresInDays, ApiResults.User(context), context.RequestAborted),
                created => $"/api/experiments/{id}/share-links/{created.Link.Id}"));
        group.MapDelete("/{linkId}", async (string id, string linkId, IShareLinkService links, IExperimentService experiments, HttpContext context) =>
            await experiments.GetAsync(id, context.RequestAborted) is null ? ApiResults.NotFound("Experiment", id)
            : ApiResults.NoContent(await links.RevokeAsync(id, linkId, ApiResults.User(context), context.RequestAborted)));
    }
}
