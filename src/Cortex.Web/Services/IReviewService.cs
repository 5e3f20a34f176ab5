using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>Annotations on experiments, tokens, grid positions and findings; findings and their review history.</summary>
public interface IReviewService
{
    Task<ServiceResult<IReadOnlyList<AnnotationDocument>>> AnnotationsAsync(string experimentId, CancellationToken cancellationToken = default);

    Task<ServiceResult<AnnotationDocument>> AnnotateAsync(string experimentId, AnnotationRequest request, string user, CancellationToken cancellationToken = default);

    Task<ServiceResult<bool>> DeleteAnnotationAsync(string experimentId, string annotationId, CancellationToken cancellationToken = default);

    /// <summary>Newest first; <paramref name="status"/> one of open, confirmed, dismissed, or null for all.</summary>
    Task<ServiceResult<IReadOnlyList<FindingDocument>>> FindingsAsync(string? status, CancellationToken cancellationToken = default);

    Task<FindingDocument?> FindingAsync(string id, CancellationToken cancellationToken = default);

    Task<ServiceResult<FindingDocument>> CreateFindingAsync(FindingRequest request, string user, CancellationToken cancellationToken = default);

    /// <summary>Changes the status, adds a comment, or both; every change lands in the finding's history.</summary>
    Task<ServiceResult<FindingDocument>> ReviewFindingAsync(string id, FindingUpdate update, string user, CancellationToken cancellationToken = default);

    Task<ServiceResult<bool>> DeleteFindingAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Annotations on one codebook token across every experiment.</summary>
    Task<IReadOnlyList<AnnotationDocument>> TokenAnnotationsAsync(long token, CancellationToken cancellationToken = default);
}
