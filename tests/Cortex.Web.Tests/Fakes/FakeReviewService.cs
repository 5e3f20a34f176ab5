namespace Cortex.Web.Tests.Fakes;

public sealed class FakeReviewService : IReviewService
{
    public List<AnnotationDocument> Annotations { get; } = [];
    public List<FindingDocument> Findings { get; } = [];
    /// <summary>How often a page asked for one finding, and for a list of them: a page that ignores a change asks no more.</summary>
    public int FindingLoads { get; private set; }
    public int FindingListLoads { get; private set; }

    public static FindingDocument Finding(string id, string experimentId, string conceptId, string title, params long[] tokens) => new()
    {
        Id = id, ExperimentId = experimentId, ConceptId = conceptId, Title = title, Tokens = [.. tokens],
        Evidence = new() { ["cliffs_delta"] = 0.88, ["background_fraction"] = 0.6 }, Status = FindingStatus.Open, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
    };

    public Task<ServiceResult<IReadOnlyList<AnnotationDocument>>> AnnotationsAsync(string experimentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ServiceResult<IReadOnlyList<AnnotationDocument>>.Ok(Annotations.Where(a => a.ExperimentId == experimentId).OrderBy(a => a.CreatedAt).ToList()));

    public Task<ServiceResult<AnnotationDocument>> AnnotateAsync(string experimentId, AnnotationRequest request, string user, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.Text)) return Task.FromResult(ServiceResult<AnnotationDocument>.Invalid(new Dictionary<string, string[]> { ["text"] = ["Text is required."] }));
        var annotation = new AnnotationDocument
        {
            Id = $"a{Annotations.Count + 1}", ExperimentId = experimentId, Target = Enum.Parse<AnnotationTarget>(request.Target ?? "experiment", ignoreCase: true),
            TokenId = request.TokenId, Position = request.Position, ImageIndex = request.ImageIndex, FindingId = request.FindingId, Author = user, Text = request.Text.Trim(),
            CreatedAt = DateTime.UtcNow,
        };
        Annotations.Add(annotation);
        return Task.FromResult(ServiceResult<AnnotationDocument>.Ok(annotation));
    }

    public Task<ServiceResult<AnnotationDocument>> AnnotateTokenAsync(string modelId, long token, string? text, string user, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text)) return Task.FromResult(ServiceResult<AnnotationDocument>.Invalid(new Dictionary<string, string[]> { ["text"] = ["Text is required."] }));
        var annotation = new AnnotationDocument
        {
            Id = $"a{Annotations.Count + 1}", ExperimentId = AnnotationDocument.NoExperiment, ModelId = modelId, Target = AnnotationTarget.Token, TokenId = token, Author = user,
            Text = text.Trim(), CreatedAt = DateTime.UtcNow,
        };
        Annotations.Add(annotation);
        return Task.FromResult(ServiceResult<AnnotationDocument>.Ok(annotation));
    }

    public Task<ServiceResult<AnnotationDocument>> ReplyAsync(string annotationId, string? text, string user, CancellationToken cancellationToken = default)
    {
        if (Annotations.FirstOrDefault(a => a.Id == annotationId) is not { } parent) return Task.FromResult(ServiceResult<AnnotationDocument>.NotFound("annotation", annotationId));
        if (string.IsNullOrWhiteSpace(text)) return Task.FromResult(ServiceResult<AnnotationDocument>.Invalid(new Dictionary<string, string[]> { ["text"] = ["Text is required."] }));
        var reply = parent with { Id = $"a{Annotations.Count + 1}", ParentId = parent.ParentId ?? parent.Id, Author = user, Text = text.Trim(), CreatedAt = DateTime.UtcNow, EditedAt = null };
        Annotations.Add(reply);
        return Task.FromResult(ServiceResult<AnnotationDocument>.Ok(reply));
    }

    public Task<ServiceResult<AnnotationDocument>> EditAnnotationAsync(string annotationId, string? text, string user, CancellationToken cancellationToken = default)
    {
        var index = Annotations.FindIndex(a => a.Id == annotationId);
        if (index < 0) return Task.FromResult(ServiceResult<AnnotationDocument>.NotFound("annotation", annotationId));
        if (Annotations[index].Author != user) return Task.FromResult(ServiceResult<AnnotationDocument>.Forbidden($"Only {Annotations[index].Author}, who wrote this annotation, may edit it; reply to it instead."));
        if (string.IsNullOrWhiteSpace(text)) return Task.FromResult(ServiceResult<AnnotationDocument>.Invalid(new Dictionary<string, string[]> { ["text"] = ["Text is required."] }));
        Annotations[index] = Annotations[index] with { Text = text.Trim(), EditedAt = DateTime.UtcNow };
        return Task.FromResult(ServiceResult<AnnotationDocument>.Ok(Annotations[index]));
    }

    public Task<ServiceResult<bool>> DeleteAnnotationAsync(string? experimentId, string annotationId, string user, CancellationToken cancellationToken = default)
    {
        if (Annotations.FirstOrDefault(a => a.Id == annotationId && (experimentId is null || a.ExperimentId == experimentId)) is not { } annotation) return Task.FromResult(ServiceResult<bool>.NotFound("annotation", annotationId));
        if (annotation.Author != user) return Task.FromResult(ServiceResult<bool>.Forbidden($"Only {annotation.Author}, who wrote this annotation, may delete it; reply to it instead."));
        Annotations.RemoveAll(a => a.Id == annotationId || a.ParentId == annotationId);
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public Task<ServiceResult<IReadOnlyList<FindingDocument>>> FindingsAsync(string? status, CancellationToken cancellationToken = default)
    {
        FindingListLoads++;
        return Task.FromResult(ServiceResult<IReadOnlyList<FindingDocument>>.Ok(Findings
            .Where(f => status is null || f.Status.ToString().Equals(status, StringComparison.OrdinalIgnoreCase)).OrderByDescending(f => f.CreatedAt).ToList()));
    }

    public Task<FindingDocument?> FindingAsync(string id, CancellationToken cancellationToken = default)
    {
        FindingLoads++;
        return Task.FromResult(Findings.FirstOrDefault(f => f.Id == id));
    }

    public Task<ServiceResult<FindingDocument>> CreateFindingAsync(FindingRequest request, string user, CancellationToken cancellationToken = default)
    {
        var finding = Finding($"f{Findings.Count + 1}", request.ExperimentId ?? "", request.ConceptId ?? "", request.Title ?? "", [.. request.Tokens ?? []]);
        Findings.Add(finding);
        return Task.FromResult(ServiceResult<FindingDocument>.Ok(finding));
    }

    public Task<ServiceResult<FindingDocument>> ReviewFindingAsync(string id, FindingUpdate update, string user, CancellationToken cancellationToken = default)
    {
        var index = Findings.FindIndex(f => f.Id == id);
        if (index < 0) return Task.FromResult(ServiceResult<FindingDocument>.NotFound("finding", id));
        var status = update.Status is null ? (FindingStatus?)null : Enum.Parse<FindingStatus>(update.Status, ignoreCase: true);
        var finding = Findings[index];
        Findings[index] = finding with
        {
            Status = status ?? finding.Status, Reviewer = status is null ? finding.Reviewer : user,
            Comments = [.. finding.Comments, new FindingComment(user, update.Comment ?? "", DateTime.UtcNow, status)],
        };
        return Task.FromResult(ServiceResult<FindingDocument>.Ok(Findings[index]));
    }

    public Task<ServiceResult<bool>> DeleteFindingAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Findings.RemoveAll(f => f.Id == id) > 0 ? ServiceResult<bool>.Ok(true) : ServiceResult<bool>.NotFound("finding", id));

    public Task<IReadOnlyList<AnnotationDocument>> TokenAnnotationsAsync(string modelId, long token, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AnnotationDocument>>(Annotations.Where(a => a.TokenId == token && (a.ModelId ?? modelId) == modelId).ToList());
}
