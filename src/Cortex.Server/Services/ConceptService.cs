using Cortex.Compute.Imaging;
using Cortex.Server.Experiments;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Cortex.Web.Services;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Services;

/// <summary>
/// The concepts of one request's or circuit's workspace, for the dashboard and the REST API alike, and their
/// support sets (built once per (concept, count, seed) and cached); another workspace's concept is not there.
/// </summary>
public sealed class ConceptService(CortexDatabase database, SpecValidator validator, SupportCache support, ConceptImageStore images,
    IOptions<CortexOptions> options, Accounts.AuditLog audit, Accounts.WorkspaceScope scope) : IConceptService
{
    public Task<IReadOnlyList<ConceptDocument>> ListAsync(CancellationToken cancellationToken = default)
    {
        var workspace = scope.Workspace;
        return Task.FromResult<IReadOnlyList<ConceptDocument>>(workspace is null ? [] : database.Concepts.Query().Where(c => c.WorkspaceId == workspace).OrderBy(c => c.Name).ToList().Select(c => c.ToContract()).ToList());
    }

    public Task<ConceptDocument?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Find(id)?.ToContract());

    public Task<ServiceResult<ConceptDocument>> CreateAsync(ConceptRequest request, string user, CancellationToken cancellationToken = default)
    {
        var (concept, errors) = validator.Concept(request, user, existing: null, scope.Current);
        if (concept is null) return Task.FromResult(ServiceResult<ConceptDocument>.Invalid(errors));
        database.Concepts.Insert(concept);
        audit.Record(user, "created the concept", "concept", concept.Id, concept.Name);
        return Task.FromResult(ServiceResult<ConceptDocument>.Ok(concept.ToContract()));
    }

    public Task<ServiceResult<ConceptDocument>> UpdateAsync(string id, ConceptRequest request, string user, CancellationToken cancellationToken = default)
    {
        if (Find(id) is not { } existing) return Task.FromResult(ServiceResult<ConceptDocument>.NotFound("concept", id));
        var (concept, errors) = validator.Concept(request, user, existing, existing.WorkspaceId);
        if (concept is null) return Task.FromResult(ServiceResult<ConceptDocument>.Invalid(errors));
        database.Concepts.Update(concept);
        audit.Record(user, "edited the concept", "concept", concept.Id, concept.Name);
        support.Forget(id);
        return Task.FromResult(ServiceResult<ConceptDocument>.Ok(concept.ToContract()));
    }

    public Task<ServiceResult<bool>> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (Find(id) is null) return Task.FromResult(ServiceResult<bool>.NotFound("concept", id));
        if (database.Experiments.FindAll().Any(e => e.ConceptIds.Contains(id)))
            return Task.FromResult(ServiceResult<bool>.Conflict("Experiments use this concept; delete them first, so that no result loses its inputs."));
        images.DeleteAll(id, alongside: () => database.Concepts.Delete(id));
        support.Forget(id);
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public async Task<SupportView?> SupportAsync(string id, int count, int seed, CancellationToken cancellationToken = default)
    {
        if (Find(id) is not { } concept) return null;
        var set = await support.GetAsync(concept, count, seed, cancellationToken);
        return new SupportView(id, count, seed, set.GridSize, set.Tokens);
    }

    public Task<IReadOnlyList<ConceptImage>?> ImagesAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(id) is null ? null : images.List(id));

    public async Task<ServiceResult<IReadOnlyList<ImageUploadResult>>> UploadImagesAsync(string id, IReadOnlyList<UploadedFile> files, string user,
        CancellationToken cancellationToken = default)
    {
        if (Find(id) is not { } concept) return ServiceResult<IReadOnlyList<ImageUploadResult>>.NotFound("concept", id);
        if (concept.Source != ConceptSource.Uploaded) return ServiceResult<IReadOnlyList<ImageUploadResult>>.Conflict(NotUploaded(concept));
        // Stored at the side of the concept's model, the size its support set is encoded at.
        var size = database.Models.FindById(concept.ModelId)?.Facts?.ImageSize ?? throw new InvalidOperationException($"The model '{concept.ModelId}' of '{concept.Name}' is not registered.");
        var capacity = options.Value.MaxImagesPerConcept;
        var results = new List<ImageUploadResult>();
        try
        {
            foreach (var file in files)
            {
                var name = FileName(file.Name);
                // Decoding a large photo takes a while; off the caller's thread, a dashboard circuit keeps drawing its progress.
                var (imported, png) = await Task.Run(() =>
                {
                    var image = ImageImport.Read(name, file.Bytes, size);
                    return (image, image.Chw is { } chw ? PngWriter.Encode(chw, size) : null);
                }, cancellationToken);
                if (png is null) results.Add(ImageUploadResult.Refused(name, imported.Rejection!));
                else if (images.Add(id, name, png, capacity) is { } index) results.Add(ImageUploadResult.Added(name, index));
                else results.Add(ImageUploadResult.Refused(name, $"{name} was not added: '{concept.Name}' already holds {capacity} images, the most a support set can use."));
            }
        }
        finally
        {
            // Even when the client gave up halfway, the images stored so far are there and the concept has changed.
            if (results.Any(r => r.Accepted)) Touch(concept, user);
        }
        return ServiceResult<IReadOnlyList<ImageUploadResult>>.Ok(results);
    }

    public Task<ServiceResult<bool>> DeleteImageAsync(string id, int index, string user, CancellationToken cancellationToken = default)
    {
        if (Find(id) is not { } concept) return Task.FromResult(ServiceResult<bool>.NotFound("concept", id));
        if (concept.Source != ConceptSource.Uploaded) return Task.FromResult(ServiceResult<bool>.Conflict(NotUploaded(concept)));
        if (!images.Delete(id, index)) return Task.FromResult(ServiceResult<bool>.NotFound("image", $"{id}/{index}"));
        Touch(concept, user);
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    StoredConcept? Find(string id) => database.Concepts.FindById(id) is { } concept && scope.Sees(concept.WorkspaceId) ? concept : null;

    /// <summary>Marks the concept changed, so cached support sets and image addresses (keyed by the change time) are new.</summary>
    void Touch(StoredConcept concept, string user)
    {
        // Read again: an edit may have landed while the files were decoded.
        if (database.Concepts.FindById(concept.Id) is { } current) database.Concepts.Update(current with { UpdatedBy = user, UpdatedAt = DateTime.UtcNow });
        support.Forget(concept.Id);
    }

    static string NotUploaded(StoredConcept concept) =>
        $"'{concept.Name}' draws its support set from the {concept.Source.ToString().ToLowerInvariant()} source; only uploaded concepts hold images.";

    /// <summary>
    /// The name without any client folder, hidden characters or excess length: it is shown back in pages and problems,
    /// where a direction override would make "photo\u202Egnp.exe" read as "photoexe.png".
    /// </summary>
    static string FileName(string name)
    {
        var clean = StoredText.WithoutHidden(Path.GetFileName(name.Replace('\\', '/'))).Trim();
        return clean.Length == 0 ? "unnamed" : clean[..Math.Min(clean.Length, StoredText.MaxNameLength)];
    }
}
