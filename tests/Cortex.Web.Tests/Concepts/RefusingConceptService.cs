using Cortex.Web.Tests.Fakes;

namespace Cortex.Web.Tests.Concepts;

/// <summary>The in-memory concepts, except that every delete is refused the way the server refuses a concept that experiments use.</summary>
public sealed class RefusingConceptService(FakeConceptService inner) : IConceptService
{
    public const string Refusal = "Experiments use this concept; delete them first, so that no result loses its inputs.";

    public Task<IReadOnlyList<ConceptDocument>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public Task<ConceptDocument?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<ServiceResult<ConceptDocument>> CreateAsync(ConceptRequest request, string user, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(request, user, cancellationToken);

    public Task<ServiceResult<ConceptDocument>> UpdateAsync(string id, ConceptRequest request, string user, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(id, request, user, cancellationToken);

    public Task<ServiceResult<bool>> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(ServiceResult<bool>.Conflict(Refusal));

    public Task<SupportView?> SupportAsync(string id, int count, int seed, CancellationToken cancellationToken = default) => inner.SupportAsync(id, count, seed, cancellationToken);

    public Task<IReadOnlyList<ConceptImage>?> ImagesAsync(string id, CancellationToken cancellationToken = default) => inner.ImagesAsync(id, cancellationToken);

    public Task<ServiceResult<IReadOnlyList<ImageUploadResult>>> UploadImagesAsync(string id, IReadOnlyList<UploadedFile> files, string user,
        CancellationToken cancellationToken = default) => inner.UploadImagesAsync(id, files, user, cancellationToken);

    public Task<ServiceResult<bool>> DeleteImageAsync(string id, int index, string user, CancellationToken cancellationToken = default) =>
        inner.DeleteImageAsync(id, index, user, cancellationToken);
}
