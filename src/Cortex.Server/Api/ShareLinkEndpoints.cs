using Cortex.Web.Contracts;
using Cortex.Web.Services;

namespace Cortex.Server.Api;

/// <summary><c>/api/experiments/{id}/share-links</c>: list (viewer), create and revoke (editor) the public links of an experiment of the caller's workspace.</summary>
public static class ShareLinkEndpoints
{
    public static void MapShareLinks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/experiments/{id}/share-links").WithTags("Share links");
        // One check for the group: an experiment of another workspace, or none, has no links to show or change.
        group.AddEndpointFilter(async (context, next) =>
        {
            var id = (string)context.HttpContext.GetRouteValue("id")!;
            var experiments = context.HttpContext.RequestServices.GetRequiredService<IExperimentService>();
            return await experiments.GetAsync(id, context.HttpContext.RequestAborted) is null ? ApiResults.NotFound("Experiment", id) : await next(context);
        });
        group.MapGet("/", (string id, IShareLinkService links, CancellationToken cancel) => links.ListAsync(id, cancel));
        group.MapPost("/", async (string id, ShareLinkRequest request, IShareLinkService links, HttpContext context) =>
            ApiResults.Created(await links.CreateAsync(id, request.ExpiresInDays, ApiResults.User(context), context.RequestAborted),
                created => $"/api/experiments/{id}/share-links/{created.Link.Id}"));
        group.MapDelete("/{linkId}", async (string id, string linkId, IShareLinkService links, HttpContext context) =>
            ApiResults.NoContent(await links.RevokeAsync(id, linkId, ApiResults.User(context), context.RequestAborted)));
    }
}
