using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>The models Cortex can explain, as the dashboard and the API see them. The server implements it.</summary>
public interface IModelCatalog
{
    Task<IReadOnlyList<ModelSummary>> ListAsync(CancellationToken cancellationToken = default);

    Task<ModelSummary?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>PNG of <paramref name="count"/> prior samples for one class, decoded by the model; null for an unknown model or class, or a model without a prior.</summary>
    Task<byte[]?> SamplesPngAsync(string modelId, int classId, int count, CancellationToken cancellationToken = default);

    /// <summary>Loads a taming model (and its evaluators) from the models directory and registers it; refusals name the field.</summary>
    Task<ServiceResult<ModelSummary>> RegisterAsync(ModelRegistration registration, string user, CancellationToken cancellationToken = default);

    /// <summary>Forgets a registered model (its files stay); refused for the built-in model and for models concepts or experiments use.</summary>
    Task<ServiceResult<bool>> UnregisterAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The files and folders of the models directory a registration can name.</summary>
    Task<ModelsDirectoryListing> BrowseAsync(CancellationToken cancellationToken = default);

    /// <summary>Raised with a model's id when it is registered, unregistered or its card gains its usage figures.</summary>
    event Action<string>? Changed;
}

/// <summary>The models directory and what it holds.</summary>
public sealed record ModelsDirectoryListing(string Root, IReadOnlyList<ModelsDirectoryEntry> Entries);

/// <summary>A model card as the dashboard shows it.</summary>
public sealed record ModelSummary(
    string Id,
    string Name,
    string Kind,
    int ImageSize,
    int GridSize,
    int CodebookSize,
    int EmbeddingDim,
    IReadOnlyList<string> Classes,
    string Shortcut,
    IReadOnlyList<QualityFigure> Quality,
    double TrainingSeconds)
{
    /// <summary>The names of the model's evaluators (the judges of edits and masking).</summary>
    public IReadOnlyList<string> Evaluators { get; init; } = [];

    public bool IsBuiltIn { get; init; }
    /// <summary>Where the model was loaded from: the built-in model's folder, or a path inside the models directory.</summary>
    public string Path { get; init; } = "";
    public string? Config { get; init; }
    public long Parameters { get; init; }
    public long PriorParameters { get; init; }
    public long FileBytes { get; init; }
    public bool HasPrior { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public IReadOnlyList<EvaluatorFacts> EvaluatorDetails { get; init; } = [];
    public IReadOnlyList<EvaluatorFile> EvaluatorFiles { get; init; } = [];
    public double Temperature { get; init; } = 1.0;
    public int TopK { get; init; }
    public SampleUsage? Usage { get; init; }
    public string? UsageNote { get; init; }
    public string RegisteredBy { get; init; } = "";
    public DateTime RegisteredAt { get; init; }
}

/// <summary>One measured figure next to the bar it must meet.</summary>
public sealed record QualityFigure(string Name, double Value, string Bar, bool Meets, bool IsShare = false);
