using Cortex.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary>Annotations on experiments, tokens, positions and findings; findings and their review.</summary>
public static class ReviewEndpoints
{
    public static void MapReview(this IEndpointRouteBuilder api)
    {
        var annotations = api.MapGroup("/experiments/{id}/annotations").WithTags("Annotations");
        annotations.MapGet("/", async (string id, IReviewService review, CancellationToken cancel) => ApiResults.Ok(await review.AnnotationsAsync(id, cancel)));
        annotations.MapPost("/", async (string id, AnnotationRequest request, IReviewService review, HttpContext context) =>
            ApiResults.Created(await review.AnnotateAsync(id, request, ApiResults.User(context), context.RequestAborted), a => $"/api/experiments/{id}/annotations/{a.Id}"));
        annotations.MapDelete("/{annotationId}", async (string id, string annotationId, IReviewService review, HttpContext context) =>
            ApiResults.NoContent(await review.DeleteAnnotationAsync(id, annotationId, ApiResults.User(context), context.RequestAborted)));

        // Threads and their authors' changes, for any annotation by its id; a token page's notes belong to no experiment.
        var threads = api.MapGroup("/annotations/{id}").WithTags("Annotations");
        threads.MapPost("/replies", async (string id, AnnotationText body, IReviewService review, HttpContext context) =>
            ApiResults.Created(await review.ReplyAsync(id, body.Text, ApiResults.User(context), context.RequestAborted), a => $"/api/annotations/{a.Id}"));
        threads.MapPatch("/", async (string id, AnnotationText body, IReviewService review, HttpContext context) =>
            ApiResults.Ok(await review.EditAnnotationAsync(id, body.Text, ApiResults.User(context), context.RequestAborted)));
        threads.MapDelete("/", async (string id, IReviewService review, HttpContext context) =>
            ApiResults.NoContent(await review.DeleteAnnotationAsync(null, id, ApiResults.User(context), context.RequestAborted)));
        api.MapPost("/models/{id}/codebook/{token:long}/annotations", async (string id, long token, AnnotationText body, IReviewService review, HttpContext context) =>
            ApiResults.Created(await review.AnnotateTokenAsync(id, token, body.Text, ApiResults.User(context), context.RequestAborted), a => $"/api/annotations/{a.Id}"))
            .WithTags("Annotations");

        var findings = api.MapGroup("/findings").WithTags("Findings");
        findings.MapGet("/", async (string? status, IReviewService review, CancellationToken cancel) => ApiResults.Ok(await review.FindingsAsync(status, cancel)));
        findings.MapPost("/", async (FindingRequest request, IReviewService review, HttpContext context) =>
            ApiResults.Created(await review.CreateFindingAsync(request, ApiResults.User(context), context.RequestAborted), f => $"/api/findings/{f.Id}"));
        // Deleting a finding ends its review and its history, so it is a reviewer's, like changing its status.
        findings.MapDelete("/{id}", async (string id, IReviewService review, CancellationToken cancel) => ApiResults.NoContent(await review.DeleteFindingAsync(id, cancel)))
            .RequireAuthorization(CortexAuth.Policy(Role.Reviewer));
        findings.MapGet("/{id}", async Task<Results<Ok<FindingDocument>, ProblemHttpResult>> (string id, IReviewService review, CancellationToken cancel) =>
            await review.FindingAsync(id, cancel) is { } finding ? TypedResults.Ok(finding) : ApiResults.NotFound("Finding", id));
        findings.MapPatch("/{id}", async (string id, FindingUpdate update, IReviewService review, HttpContext context) =>
            // Commenting is an editor's; changing the status is a reviewer's.
            update.Status is not null && !CortexAuth.Can(context.User, Role.Reviewer)
                ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Reviewers only", detail: "Changing a finding's status needs the reviewer role; editors may comment.")
                : ApiResults.Ok(await review.ReviewFindingAsync(id, update, ApiResults.User(context), context.RequestAborted)));
    }
}
