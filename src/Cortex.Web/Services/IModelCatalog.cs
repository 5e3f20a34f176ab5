namespace Cortex.Web.Services;

/// <summary>The models Cortex can explain, as the dashboard sees them. The server implements it.</summary>
public interface IModelCatalog
{
    Task<IReadOnlyList<ModelSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>PNG of <paramref name="count"/> prior samples for one class, decoded by the model; null for an unknown model or class.</summary>
    Task<byte[]?> SamplesPngAsync(string modelId, int classId, int count, CancellationToken cancellationToken = default);
}

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
}

/// <summary>One measured figure next to the bar it must meet.</summary>
public sealed record QualityFigure(string Name, double Value, string Bar, bool Meets);
