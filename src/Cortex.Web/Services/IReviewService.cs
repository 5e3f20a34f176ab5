using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>Annotations on experiments, tokens, grid positions and findings; findings and their review history.</summary>
public interface IReviewService
{
    Task<ServiceResult<IReadOnlyList<AnnotationDocument>>> AnnotationsAsync(string experimentId, CancellationToken cancellationToken = default);

    Task<ServiceResult<AnnotationDocument>> AnnotateAsync(string experimentId, AnnotationRequest request, string user, CancellationToken cancellationToken = default);

    /// <summary>A note on a codebook token made on the token's page, about no experiment (<see cref="AnnotationDocument.NoExperiment"/>).</summary>
    Task<ServiceResult<AnnotationDocument>> AnnotateTokenAsync(string modelId, long token, string? text, string user, CancellationToken cancellationToken = default);

    /// <summary>Answers an annotation: the reply joins its thread and is about what the thread's first note is about.</summary>
    Task<ServiceResult<AnnotationDocument>> ReplyAsync(string annotationId, string? text, string user, CancellationToken cancellationToken = default);

    /// <summary>Changes the text of an annotation; only its author may (others get <see cref="FailureKind.Forbidden"/>).</summary>
    Task<ServiceResult<AnnotationDocument>> EditAnnotationAsync(string annotationId, string? text, string user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an annotation of the experiment (null: of whatever it is about), with its replies when it starts a
    /// thread; only its author may (others get <see cref="FailureKind.Forbidden"/>).
    /// </summary>
    Task<ServiceResult<bool>> DeleteAnnotationAsync(string? experimentId, string annotationId, string user, CancellationToken cancellationToken = default);

    /// <summary>Newest first; <paramref name="status"/> one of open, confirmed, dismissed, or null for all.</summary>
    Task<ServiceResult<IReadOnlyList<FindingDocument>>> FindingsAsync(string? status, CancellationToken cancellationToken = default);

    Task<FindingDocument?> FindingAsync(string id, CancellationToken cancellationToken = default);

    Task<ServiceResult<FindingDocument>> CreateFindingAsync(FindingRequest request, string user, CancellationToken cancellationToken = default);

    /// <summary>Changes the status, adds a comment, or both; every change lands in the finding's history.</summary>
    Task<ServiceResult<FindingDocument>> ReviewFindingAsync(string id, FindingUpdate update, string user, CancellationToken cancellationToken = default);

    Task<ServiceResult<bool>> DeleteFindingAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Annotations on one codebook token of a model, from its page and from every experiment, replies included; oldest first.</summary>
    Task<IReadOnlyList<AnnotationDocument>> TokenAnnotationsAsync(string modelId, long token, CancellationToken cancellationToken = default);
}
