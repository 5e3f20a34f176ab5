using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>Concepts: a label and how to produce its support set. The server implements it; the REST API uses the same implementation.</summary>
public interface IConceptService
{
    Task<IReadOnlyList<ConceptDocument>> ListAsync(CancellationToken cancellationToken = default);

    Task<ConceptDocument?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<ServiceResult<ConceptDocument>> CreateAsync(ConceptRequest request, string user, CancellationToken cancellationToken = default);

    Task<ServiceResult<ConceptDocument>> UpdateAsync(string id, ConceptRequest request, string user, CancellationToken cancellationToken = default);

    /// <summary>Refused (conflict) while experiments use the concept, so no result loses its inputs.</summary>
    Task<ServiceResult<bool>> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The token grids of a concept's support set of <paramref name="count"/> images drawn with
    /// <paramref name="seed"/> — the same set an experiment with these settings uses. Images at
    /// <see cref="ApiUrls.SupportImage"/>. Null for an unknown concept.
    /// </summary>
    Task<SupportView?> SupportAsync(string id, int count, int seed, CancellationToken cancellationToken = default);

    /// <summary>An uploaded concept's images in support-set order (<see cref="ApiUrls.ConceptImage"/>); empty for other concepts, null for an unknown one.</summary>
    Task<IReadOnlyList<ConceptImage>?> ImagesAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds files to an uploaded concept, each checked on its own (PNG or JPEG, size caps, intact), so a
    /// refused file never stops the others; accepted ones are kept only as PNGs at the model's size.
    /// Not found for an unknown concept; a conflict for one that is not uploaded.
    /// </summary>
    Task<ServiceResult<IReadOnlyList<ImageUploadResult>>> UploadImagesAsync(string id, IReadOnlyList<UploadedFile> files, string user, CancellationToken cancellationToken = default);

    /// <summary>Removes image <paramref name="index"/>; the images after it move up one place.</summary>
    Task<ServiceResult<bool>> DeleteImageAsync(string id, int index, string user, CancellationToken cancellationToken = default);
}

public sealed record SupportView(string ConceptId, int Count, int Seed, int GridSize, IReadOnlyList<long[]> Tokens);
