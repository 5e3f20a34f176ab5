namespace Cortex.Web.Tests.Fakes;

/// <summary>
/// Concepts in memory. <see cref="NextResult"/>, when set, answers the next create or update instead (to
/// test how pages show refusals); an uploaded file is refused when <see cref="Refusals"/> has its name.
/// </summary>
public sealed class FakeConceptService : IConceptService
{
    public List<ConceptDocument> Concepts { get; } = [];
    public List<ConceptRequest> Requests { get; } = [];
    public ServiceResult<ConceptDocument>? NextResult { get; set; }
    public int GridSize { get; set; } = 8;
    public Dictionary<string, List<ConceptImage>> Images { get; } = [];
    public Dictionary<string, string> Refusals { get; } = [];
    public List<UploadedFile> Uploads { get; } = [];

    public static ConceptDocument Concept(string id, string name, int classId = 0, ConceptSource source = ConceptSource.Encoded) => new()
    {
        Id = id, Name = name, ModelId = "builtin", ClassId = classId, Source = source, CreatedBy = "tester", UpdatedBy = "tester",
        CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
    };

    public Task<IReadOnlyList<ConceptDocument>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ConceptDocument>>(Concepts.OrderBy(c => c.Name).ToList());

    public Task<ConceptDocument?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Concepts.FirstOrDefault(c => c.Id == id));

    public Task<ServiceResult<ConceptDocument>> CreateAsync(ConceptRequest request, string user, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        if (TakeNext() is { } next) return Task.FromResult(next);
        var source = Enum.TryParse<ConceptSource>(request.Source, ignoreCase: true, out var parsed) ? parsed : ConceptSource.Encoded;
        var concept = Concept($"c{Concepts.Count + 1}", request.Name ?? "", source: source) with { Description = request.Description ?? "", CreatedBy = user, UpdatedBy = user };
        Concepts.Add(concept);
        return Task.FromResult(ServiceResult<ConceptDocument>.Ok(concept));
    }

    public Task<ServiceResult<ConceptDocument>> UpdateAsync(string id, ConceptRequest request, string user, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        if (TakeNext() is { } next) return Task.FromResult(next);
        var index = Concepts.FindIndex(c => c.Id == id);
        if (index < 0) return Task.FromResult(ServiceResult<ConceptDocument>.NotFound("concept", id));
        Concepts[index] = Concepts[index] with { Name = request.Name ?? "", Description = request.Description ?? "", UpdatedBy = user };
        return Task.FromResult(ServiceResult<ConceptDocument>.Ok(Concepts[index]));
    }

    public Task<ServiceResult<bool>> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Concepts.RemoveAll(c => c.Id == id) > 0 ? ServiceResult<bool>.Ok(true) : ServiceResult<bool>.NotFound("concept", id));

    public Task<SupportView?> SupportAsync(string id, int count, int seed, CancellationToken cancellationToken = default) =>
        Task.FromResult(Concepts.Any(c => c.Id == id)
            ? new SupportView(id, count, seed, GridSize, Enumerable.Range(0, count).Select(i => Enumerable.Range(0, GridSize * GridSize).Select(p => (long)((i + p) % 16)).ToArray()).ToList())
            : null);

    public Task<IReadOnlyList<ConceptImage>?> ImagesAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ConceptImage>?>(Concepts.Any(c => c.Id == id) ? ImagesOf(id).ToList() : null);

    public Task<ServiceResult<IReadOnlyList<ImageUploadResult>>> UploadImagesAsync(string id, IReadOnlyList<UploadedFile> files, string user,
        CancellationToken cancellationToken = default)
    {
        if (!Concepts.Any(c => c.Id == id)) return Task.FromResult(ServiceResult<IReadOnlyList<ImageUploadResult>>.NotFound("concept", id));
        Uploads.AddRange(files);
        var images = ImagesOf(id);
        var results = files.Select(file =>
        {
            if (Refusals.TryGetValue(file.Name, out var reason)) return ImageUploadResult.Refused(file.Name, reason);
            images.Add(new ConceptImage(images.Count, file.Name, DateTime.UtcNow));
            return ImageUploadResult.Added(file.Name, images.Count - 1);
        }).ToList();
        return Task.FromResult(ServiceResult<IReadOnlyList<ImageUploadResult>>.Ok(results));
    }

    public Task<ServiceResult<bool>> DeleteImageAsync(string id, int index, string user, CancellationToken cancellationToken = default)
    {
        var images = ImagesOf(id);
        if (index < 0 || index >= images.Count) return Task.FromResult(ServiceResult<bool>.NotFound("image", $"{id}/{index}"));
        images.RemoveAt(index);
        for (var i = index; i < images.Count; i++) images[i] = images[i] with { Index = i };
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    List<ConceptImage> ImagesOf(string id) => Images.TryGetValue(id, out var images) ? images : Images[id] = [];

    ServiceResult<ConceptDocument>? TakeNext()
    {
        var next = NextResult;
        NextResult = null;
        return next;
    }
}
