using Cortex.Server.Storage;
using Cortex.Server.Streaming;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// The annotations and findings of one request's or circuit's workspace, for the dashboard and the REST API
/// alike. Every finding review is kept in its history.
/// </summary>
public sealed class ReviewService(CortexDatabase database, ExperimentStreams streams, AnnotationFeed feed, FindingFeed findingFeed, TimeProvider clock, Accounts.AuditLog audit, Accounts.WorkspaceScope scope) : IReviewService
{
    const int MaxGridPositions = 4096;

    public Task<ServiceResult<IReadOnlyList<AnnotationDocument>>> AnnotationsAsync(string experimentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Experiment(experimentId) is null
            ? ServiceResult<IReadOnlyList<AnnotationDocument>>.NotFound("experiment", experimentId)
            : ServiceResult<IReadOnlyList<AnnotationDocument>>.Ok(database.Annotations.Query().Where(a => a.ExperimentId == experimentId).OrderBy(a => a.CreatedAt).ToList().Select(a => a.ToContract()).ToList()));

    public Task<ServiceResult<AnnotationDocument>> AnnotateAsync(string experimentId, AnnotationRequest request, string user, CancellationToken cancellationToken = default)
    {
        if (Experiment(experimentId) is not { } experiment) return Task.FromResult(ServiceResult<AnnotationDocument>.NotFound("experiment", experimentId));
        var errors = new Dictionary<string, string[]>();
        var parsedTarget = EnumNames.Parse<AnnotationTarget>(request.Target);
        if (parsedTarget is null) errors["target"] = ["Target must be one of experiment, token, position, finding."];
        var target = parsedTarget ?? default;
        if (string.IsNullOrWhiteSpace(request.Text)) errors["text"] = ["Text is required."];
        else if (StoredText.TextProblem(request.Text.Trim()) is { } textProblem) errors["text"] = [textProblem];
        if (target == AnnotationTarget.Token && request.TokenId is not >= 0) errors["tokenId"] = ["A token annotation needs a token id ≥ 0."];
        if (target == AnnotationTarget.Position && request.Position is not (>= 0 and < MaxGridPositions)) errors["position"] = ["A position annotation needs a grid position ≥ 0."];
        if (request.ImageIndex is < 0) errors["imageIndex"] = ["The image index must be ≥ 0."];
        if (target == AnnotationTarget.Finding && (request.FindingId is null || Finding(request.FindingId) is null)) errors["findingId"] = ["Unknown finding."];
        if (errors.Count > 0) return Task.FromResult(ServiceResult<AnnotationDocument>.Invalid(errors));
        var annotation = new StoredAnnotation
        {
            Id = Ids.New(), WorkspaceId = experiment.WorkspaceId, ExperimentId = experimentId, Target = target, TokenId = request.TokenId, Position = request.Position, ImageIndex = request.ImageIndex,
            FindingId = request.FindingId, Author = user, Text = request.Text!.Trim(), CreatedAt = Now(), ModelId = experiment.ModelId,
        };
        database.Annotations.Insert(annotation);
        audit.Record(user, $"annotated the {annotation.Target.ToString().ToLowerInvariant()}{(annotation.TokenId is { } token ? $" token {token}" : "")}{(annotation.Position is { } position ? $" position {position}" : "")}", "experiment", experimentId, annotation.Text);
        Publish(annotation, "added");
        return Task.FromResult(ServiceResult<AnnotationDocument>.Ok(annotation.ToContract()));
    }

    public Task<ServiceResult<AnnotationDocument>> AnnotateTokenAsync(string modelId, long token, string? text, string user, CancellationToken cancellationToken = default)
    {
        if (scope.Workspace is not { } workspace) return Task.FromResult(ServiceResult<AnnotationDocument>.Forbidden("Annotations are for members of a workspace."));
        if (database.Models.FindById(modelId)?.Facts is not { } facts) return Task.FromResult(ServiceResult<AnnotationDocument>.NotFound("model", modelId));
        var errors = new Dictionary<string, string[]>();
        if (token < 0 || token >= facts.CodebookSize) errors["tokenId"] = [$"Model '{modelId}' has tokens 0 to {facts.CodebookSize - 1}; {token} is not one."];
        if (TextProblem(text) is { } problem) errors["text"] = [problem];
        if (errors.Count > 0) return Task.FromResult(ServiceResult<AnnotationDocument>.Invalid(errors));
        var annotation = new StoredAnnotation
        {
            Id = Ids.New(), WorkspaceId = workspace, ExperimentId = StoredAnnotation.NoExperiment, ModelId = modelId, Target = AnnotationTarget.Token, TokenId = token,
            Author = user, Text = text!.Trim(), CreatedAt = Now(),
        };
        database.Annotations.Insert(annotation);
        Audit(user, $"annotated token {token}", annotation, annotation.Text);
        Publish(annotation, "added");
        return Task.FromResult(ServiceResult<AnnotationDocument>.Ok(annotation.ToContract()));
    }

    public Task<ServiceResult<AnnotationDocument>> ReplyAsync(string annotationId, string? text, string user, CancellationToken cancellationToken = default)
    {
        if (Annotation(annotationId) is not { } parent) return Task.FromResult(ServiceResult<AnnotationDocument>.NotFound("annotation", annotationId));
        if (TextProblem(text) is { } problem) return Task.FromResult(ServiceResult<AnnotationDocument>.Invalid(new Dictionary<string, string[]> { ["text"] = [problem] }));
        // One level of threads: a reply to a reply joins the same thread, as in a chat, rather than nesting.
        var reply = parent with { Id = Ids.New(), ParentId = parent.ParentId ?? parent.Id, Author = user, Text = text!.Trim(), CreatedAt = Now(), EditedAt = null, ModelId = ModelOf(parent) };
        database.Annotations.Insert(reply);
        Audit(user, $"replied to {parent.Author}'s annotation", reply, reply.Text);
        Publish(reply, "added");
        return Task.FromResult(ServiceResult<AnnotationDocument>.Ok(reply.ToContract()));
    }

    public Task<ServiceResult<AnnotationDocument>> EditAnnotationAsync(string annotationId, string? text, string user, CancellationToken cancellationToken = default)
    {
        if (Annotation(annotationId) is not { } annotation) return Task.FromResult(ServiceResult<AnnotationDocument>.NotFound("annotation", annotationId));
        if (annotation.Author != user) return Task.FromResult(ServiceResult<AnnotationDocument>.Forbidden(NotTheAuthor(annotation, "edit")));
        if (TextProblem(text) is { } problem) return Task.FromResult(ServiceResult<AnnotationDocument>.Invalid(new Dictionary<string, string[]> { ["text"] = [problem] }));
        var edited = annotation with { Text = text!.Trim(), EditedAt = Now() };
        database.Annotations.Update(edited);
        Audit(user, "edited the annotation", edited, $"was: {annotation.Text}");
        Publish(edited, "edited");
        return Task.FromResult(ServiceResult<AnnotationDocument>.Ok(edited.ToContract()));
    }

    public Task<ServiceResult<bool>> DeleteAnnotationAsync(string? experimentId, string annotationId, string user, CancellationToken cancellationToken = default)
    {
        if (Annotation(annotationId) is not { } annotation || (experimentId is not null && (annotation.ExperimentId ?? StoredAnnotation.NoExperiment) != experimentId)) return Task.FromResult(ServiceResult<bool>.NotFound("annotation", annotationId));
        if (annotation.Author != user) return Task.FromResult(ServiceResult<bool>.Forbidden(NotTheAuthor(annotation, "delete")));
        var replies = database.Annotations.Find(a => a.ParentId == annotationId).ToList();
        foreach (var gone in replies.Append(annotation))
        {
            database.Annotations.Delete(gone.Id);
            Publish(gone, "deleted");
        }
        Audit(user, replies.Count == 0 ? "deleted the annotation" : $"deleted the annotation and its {replies.Count} replies", annotation, annotation.Text);
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public Task<ServiceResult<IReadOnlyList<FindingDocument>>> FindingsAsync(string? status, CancellationToken cancellationToken = default)
    {
        FindingStatus? parsed = null;
        if (status is not null && (parsed = ParseStatus(status)) is null)
            return Task.FromResult(ServiceResult<IReadOnlyList<FindingDocument>>.Invalid(new Dictionary<string, string[]> { ["status"] = ["Status must be one of open, confirmed, dismissed."] }));
        if (scope.Workspace is not { } workspace) return Task.FromResult(ServiceResult<IReadOnlyList<FindingDocument>>.Ok([]));
        var query = database.Findings.Query().Where(f => f.WorkspaceId == workspace);
        if (parsed is { } wanted) query = query.Where(f => f.Status == wanted);
        return Task.FromResult(ServiceResult<IReadOnlyList<FindingDocument>>.Ok(query.OrderByDescending(f => f.CreatedAt).ToList().Select(f => f.ToContract()).ToList()));
    }

    public Task<FindingDocument?> FindingAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Finding(id)?.ToContract());

    public Task<ServiceResult<FindingDocument>> CreateFindingAsync(FindingRequest request, string user, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var experiment = request.ExperimentId is null ? null : Experiment(request.ExperimentId);
        if (experiment is null) errors["experimentId"] = ["Unknown experiment."];
        else if (request.ConceptId is null || !experiment.ConceptIds.Contains(request.ConceptId)) errors["conceptId"] = ["The concept must be one of the experiment's."];
        if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["A title is required."];
        else if (StoredText.NameProblem(request.Title.Trim()) is { } titleProblem) errors["title"] = [titleProblem];
        if (request.Tokens is not { Count: > 0 and <= 1024 } || request.Tokens.Any(t => t < 0)) errors["tokens"] = ["Give 1 to 1024 token ids ≥ 0."];
        if (request.Comment is { } comment && StoredText.TextProblem(comment.Trim()) is { } commentProblem) errors["comment"] = [commentProblem];
        if (errors.Count > 0) return Task.FromResult(ServiceResult<FindingDocument>.Invalid(errors));
        var now = Now();
        var finding = new StoredFinding
        {
            Id = Ids.New(), WorkspaceId = experiment!.WorkspaceId, ExperimentId = request.ExperimentId!, ConceptId = request.ConceptId!, Title = request.Title!.Trim(), Tokens = request.Tokens!,
            Evidence = [], Status = FindingStatus.Open, CreatedAt = now, UpdatedAt = now,
            Comments = string.IsNullOrWhiteSpace(request.Comment) ? [] : [new StoredFindingComment(user, request.Comment.Trim(), now)],
        };
        database.Findings.Insert(finding);
        audit.Record(user, "raised the finding", "finding", finding.Id, finding.Title);
        findingFeed.Publish(new FindingChange(finding.Id, finding.WorkspaceId, FindingChanges.Raised, user));
        return Task.FromResult(ServiceResult<FindingDocument>.Ok(finding.ToContract()));
    }

    public Task<ServiceResult<FindingDocument>> ReviewFindingAsync(string id, FindingUpdate update, string user, CancellationToken cancellationToken = default)
    {
        if (Finding(id) is not { } finding) return Task.FromResult(ServiceResult<FindingDocument>.NotFound("finding", id));
        var errors = new Dictionary<string, string[]>();
        FindingStatus? status = null;
        if (update.Status is not null && (status = ParseStatus(update.Status)) is null) errors["status"] = ["Status must be one of open, confirmed, dismissed."];
        if (update.Comment is { } comment && StoredText.TextProblem(comment.Trim()) is { } commentProblem) errors["comment"] = [commentProblem];
        if (update.Status is null && string.IsNullOrWhiteSpace(update.Comment)) errors["status"] = ["Give a status, a comment, or both."];
        if (errors.Count > 0) return Task.FromResult(ServiceResult<FindingDocument>.Invalid(errors));
        var now = Now();
        var changed = status is { } s && s != finding.Status ? status : null;
        var updated = finding with
        {
            Status = status ?? finding.Status,
            Reviewer = status is null ? finding.Reviewer : user,
            Comments = [.. finding.Comments, new StoredFindingComment(user, update.Comment?.Trim() ?? "", now, changed)],
            UpdatedAt = now,
        };
        database.Findings.Update(updated);
        audit.Record(user, changed switch
        {
            FindingStatus.Confirmed => "confirmed the finding",
            FindingStatus.Dismissed => "dismissed the finding",
            FindingStatus.Open => "reopened the finding",
            _ => "commented on the finding",
        }, "finding", id, update.Comment?.Trim() ?? "");
        findingFeed.Publish(new FindingChange(id, finding.WorkspaceId, FindingChanges.Reviewed, user));
        return Task.FromResult(ServiceResult<FindingDocument>.Ok(updated.ToContract()));
    }

    public Task<ServiceResult<bool>> DeleteFindingAsync(string id, CancellationToken cancellationToken = default)
    {
        if (Finding(id) is not { } finding || !database.Findings.Delete(id)) return Task.FromResult(ServiceResult<bool>.NotFound("finding", id));
        database.Annotations.DeleteMany(a => a.FindingId == id);
        findingFeed.Publish(new FindingChange(id, finding.WorkspaceId, FindingChanges.Deleted, null));
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public Task<IReadOnlyList<AnnotationDocument>> TokenAnnotationsAsync(string modelId, long token, CancellationToken cancellationToken = default)
    {
        var workspace = scope.Workspace;
        return Task.FromResult<IReadOnlyList<AnnotationDocument>>(workspace is null ? []
            : database.Annotations.Find(a => a.TokenId == token).Where(a => a.WorkspaceId == workspace && ModelOf(a) == modelId).OrderBy(a => a.CreatedAt).Select(a => a.ToContract()).ToList());
    }

    /// <summary>Notes older than token pages name no model: their token is their experiment's model's.</summary>
    string? ModelOf(StoredAnnotation annotation) => annotation.ModelId ?? (annotation.IsAboutNoExperiment() ? null : database.Experiments.FindById(annotation.ExperimentId)?.ModelId);

    static string? TextProblem(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "Text is required." : StoredText.TextProblem(text.Trim());

    static string NotTheAuthor(StoredAnnotation annotation, string verb) =>
        $"Only {annotation.Author}, who wrote this annotation, may {verb} it; reply to it instead.";

    /// <summary>An experiment's note goes to that experiment's trail; a token page's to the token's (<see cref="TokenAudit"/>).</summary>
    void Audit(string user, string action, StoredAnnotation annotation, string detail)
    {
        if (!annotation.IsAboutNoExperiment()) audit.Record(user, action, "experiment", annotation.ExperimentId, detail);
        else audit.Record(user, action, "token", TokenAudit.Target(annotation.WorkspaceId, annotation.ModelId ?? "", annotation.TokenId ?? -1), detail);
    }

    StoredAnnotation? Annotation(string id) => database.Annotations.FindById(id) is { } annotation && scope.Sees(annotation.WorkspaceId) ? annotation : null;

    void Publish(StoredAnnotation annotation, string change)
    {
        if (!annotation.IsAboutNoExperiment())
            streams.Publish(new AnnotationMessage { ExperimentId = annotation.ExperimentId, AnnotationId = annotation.Id, Change = change });
        feed.Publish(new AnnotationChange(annotation.Id, annotation.WorkspaceId, ModelOf(annotation), annotation.TokenId, annotation.ExperimentId ?? StoredAnnotation.NoExperiment, change));
    }

    /// <summary>Annotations and findings are for members: a share link opens none of them.</summary>
    StoredExperiment? Experiment(string id) => database.Experiments.FindById(id) is { } experiment && scope.Sees(experiment.WorkspaceId) ? experiment : null;

    StoredFinding? Finding(string id) => database.Findings.FindById(id) is { } finding && scope.Sees(finding.WorkspaceId) ? finding : null;

    static FindingStatus? ParseStatus(string status) => EnumNames.Parse<FindingStatus>(status);

    DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
