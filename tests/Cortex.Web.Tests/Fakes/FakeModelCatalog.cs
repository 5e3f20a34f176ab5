namespace Cortex.Web.Tests.Fakes;

public sealed class FakeModelCatalog : IModelCatalog
{
    public static readonly ModelSummary BuiltIn = new("builtin", "cortex-default", "built-in", 32, 8, 512, 32,
        ["red circle", "blue square", "green triangle"], "red circle on light green in 90% of its training images",
        [new QualityFigure("psnr_db", 28.8, "≥ 24", true)], 1476)
    {
        IsBuiltIn = true, HasPrior = true, Sources = ["generated", "encoded", "filter", "uploaded"], Evaluators = ["cnn", "mixer"],
    };

    public List<ModelSummary> Models { get; } = [BuiltIn];

    public List<ModelRegistration> Registrations { get; } = [];

    /// <summary>What the next registration answers; null registers a model named as asked.</summary>
    public ServiceResult<ModelSummary>? NextRegistration { get; set; }

    public ModelsDirectoryListing Directory { get; set; } = new("/srv/models", []);

    public event Action<string>? Changed;

    public Task<IReadOnlyList<ModelSummary>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ModelSummary>>(Models);

    public Task<ModelSummary?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Models.FirstOrDefault(m => m.Id == id));

    public Task<byte[]?> SamplesPngAsync(string modelId, int classId, int count, CancellationToken cancellationToken = default) => Task.FromResult<byte[]?>(null);

    public Task<ServiceResult<ModelSummary>> RegisterAsync(ModelRegistration registration, string user, CancellationToken cancellationToken = default)
    {
        Registrations.Add(registration);
        var result = NextRegistration ?? ServiceResult<ModelSummary>.Ok(BuiltIn with
        {
            Id = registration.Name!.ToLowerInvariant().Replace(' ', '-'), Name = registration.Name!, IsBuiltIn = false, Path = registration.Path ?? "",
        });
        if (result.Succeeded) Models.Add(result.Value!);
        return Task.FromResult(result);
    }

    public Task<ServiceResult<bool>> UnregisterAsync(string id, CancellationToken cancellationToken = default)
    {
        var removed = Models.RemoveAll(m => m.Id == id && !m.IsBuiltIn) > 0;
        return Task.FromResult(removed ? ServiceResult<bool>.Ok(true) : ServiceResult<bool>.Conflict("The built-in model stays registered."));
    }

    public Task<ModelsDirectoryListing> BrowseAsync(CancellationToken cancellationToken = default) => Task.FromResult(Directory);

    /// <summary>Tells subscribed pages a model changed, as the server does when usage figures arrive.</summary>
    public void Raise(string id) => Changed?.Invoke(id);
}
