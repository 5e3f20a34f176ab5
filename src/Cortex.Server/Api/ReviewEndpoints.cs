using Cortex.Server.Experiments;
using Cortex.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary>Annotations on experiments, tokens, positions and findings; findings and their review.</summary>
public static class ReviewEndpoints
{
    public static void MapReview(this IEndpointRouteBuilder api)
    {
        var annotations = api.MapGroup("/experiments/{id}/annotations").WithTags("Annotations");
        annotations.MapGet("/", Results<Ok<List<AnnotationDocument>>, ProblemHttpResult> (string id, CortexDatabase db) =>
            db.Experiments.FindById(id) is null
                ? ApiResults.NotFound("Experiment", id)
                : TypedResults.Ok(db.Annotations.Query().Where(a => a.ExperimentId == id).OrderBy(a => a.CreatedAt).ToList()));
        annotations.MapPost("/", Results<Created<AnnotationDocument>, ValidationProblem, ProblemHttpResult> (string id, AnnotationRequest request, CortexDatabase db, HttpContext context) =>
        {
            if (db.Experiments.FindById(id) is null) return ApiResults.NotFound("Experiment", id);
            var errors = new Dictionary<string, string[]>();
            if (!Enum.TryParse<AnnotationTarget>(request.Target ?? "", ignoreCase: true, out var target) || !Enum.IsDefined(target))
                errors["target"] = ["Target must be one of experiment, token, position, finding."];
            if (string.IsNullOrWhiteSpace(request.Text)) errors["text"] = ["Text is required."];
            else if (request.Text.Length > SpecValidator.MaxTextLength) errors["text"] = [$"At most {SpecValidator.MaxTextLength} characters."];
            if (target == AnnotationTarget.Token && request.TokenId is not ({ } t and >= 0)) errors["tokenId"] = ["A token annotation needs a token id ≥ 0."];
            if (target == AnnotationTarget.Position && request.Position is not ({ } p and >= 0 and < 4096)) errors["position"] = ["A position annotation needs a grid position ≥ 0."];
            if (target == AnnotationTarget.Finding && (request.FindingId is null || db.Findings.FindById(request.FindingId) is null)) errors["findingId"] = ["Unknown finding."];
            if (errors.Count > 0) return ApiResults.Invalid(errors);
            var annotation = new AnnotationDocument
            {
                Id = Ids.New(), ExperimentId = id, Target = target, TokenId = request.TokenId, Position = request.Position, ImageIndex = request.ImageIndex,
                FindingId = request.FindingId, Author = ApiResults.User(context), Text = request.Text!.Trim(), CreatedAt = DateTime.UtcNow,
            };
            db.Annotations.Insert(annotation);
            return TypedResults.Created($"/api/experiments/{id}/annotations/{annotation.Id}", annotation);
        });
        annotations.MapDelete("/{annotationId}", Results<NoContent, ProblemHttpResult> (string id, string annotationId, CortexDatabase db) =>
            db.Annotations.FindById(annotationId) is { } a && a.ExperimentId == id && db.Annotations.Delete(annotationId)
                ? TypedResults.NoContent()
                : ApiResults.NotFound("Annotation", annotationId));

        var findings = api.MapGroup("/findings").WithTags("Findings");
        findings.MapGet("/", Results<Ok<List<FindingDocument>>, ValidationProblem> (string? status, CortexDatabase db) =>
        {
            if (status is null) return TypedResults.Ok(db.Findings.Query().OrderByDescending(f => f.CreatedAt).ToList());
            if (!Enum.TryParse<FindingStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return ApiResults.Invalid(new() { ["status"] = ["Status must be one of open, confirmed, dismissed."] });
            return TypedResults.Ok(db.Findings.Query().Where(f => f.Status == parsed).OrderByDescending(f => f.CreatedAt).ToList());
        });
        findings.MapPost("/", Results<Created<FindingDocument>, ValidationProblem> (FindingRequest request, CortexDatabase db, HttpContext context) =>
        {
            var errors = new Dictionary<string, string[]>();
            var experiment = request.ExperimentId is null ? null : db.Experiments.FindById(request.ExperimentId);
            if (experiment is null) errors["experimentId"] = ["Unknown experiment."];
            else if (request.ConceptId is null || !experiment.ConceptIds.Contains(request.ConceptId)) errors["conceptId"] = ["The concept must be one of the experiment's."];
            if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["A title is required."];
            else if (request.Title.Length > SpecValidator.MaxNameLength) errors["title"] = [$"At most {SpecValidator.MaxNameLength} characters."];
            if (request.Tokens is not { Count: > 0 and <= 1024 } || request.Tokens.Any(t => t < 0)) errors["tokens"] = ["Give 1 to 1024 token ids ≥ 0."];
            if (request.Comment is { Length: > SpecValidator.MaxTextLength }) errors["comment"] = [$"At most {SpecValidator.MaxTextLength} characters."];
            if (errors.Count > 0) return ApiResults.Invalid(errors);
            var now = DateTime.UtcNow;
            var user = ApiResults.User(context);
            var finding = new FindingDocument
            {
                Id = Ids.New(), ExperimentId = request.ExperimentId!, ConceptId = request.ConceptId!, Title = request.Title!.Trim(), Tokens = request.Tokens!,
                Evidence = [], Status = FindingStatus.Open, CreatedAt = now, UpdatedAt = now,
                Comments = string.IsNullOrWhiteSpace(request.Comment) ? [] : [new FindingComment(user, request.Comment.Trim(), now)],
            };
            db.Findings.Insert(finding);
            return TypedResults.Created($"/api/findings/{finding.Id}", finding);
        });
        findings.MapDelete("/{id}", Results<NoContent, ProblemHttpResult> (string id, CortexDatabase db) =>
        {
            if (!db.Findings.Delete(id)) return ApiResults.NotFound("Finding", id);
            db.Annotations.DeleteMany(a => a.FindingId == id);
            return TypedResults.NoContent();
        });
        findings.MapGet("/{id}", Results<Ok<FindingDocument>, ProblemHttpResult> (string id, CortexDatabase db) =>
            db.Findings.FindById(id) is { } finding ? TypedResults.Ok(finding) : ApiResults.NotFound("Finding", id));
        findings.MapPatch("/{id}", Results<Ok<FindingDocument>, ValidationProblem, ProblemHttpResult> (string id, FindingUpdate update, CortexDatabase db, HttpContext context) =>
        {
            if (db.Findings.FindById(id) is not { } finding) return ApiResults.NotFound("Finding", id);
            var errors = new Dictionary<string, string[]>();
            FindingStatus? status = null;
            if (update.Status is not null)
            {
                if (Enum.TryParse<FindingStatus>(update.Status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) status = parsed;
                else errors["status"] = ["Status must be one of open, confirmed, dismissed."];
            }
            if (update.Comment is { Length: > SpecValidator.MaxTextLength }) errors["comment"] = [$"At most {SpecValidator.MaxTextLength} characters."];
            if (status is null && string.IsNullOrWhiteSpace(update.Comment)) errors["status"] = ["Give a status, a comment, or both."];
            if (errors.Count > 0) return ApiResults.Invalid(errors);
            var user = ApiResults.User(context);
            var now = DateTime.UtcNow;
            var comments = finding.Comments.ToList();
            if (!string.IsNullOrWhiteSpace(update.Comment)) comments.Add(new FindingComment(user, update.Comment.Trim(), now));
            var updated = finding with
            {
                Status = status ?? finding.Status, Reviewer = status is null ? finding.Reviewer : user, Comments = comments, UpdatedAt = now,
            };
            db.Findings.Update(updated);
            return TypedResults.Ok(updated);
        });
    }
}
