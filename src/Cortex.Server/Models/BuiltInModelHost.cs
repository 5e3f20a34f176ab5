using Cortex.Compute.Imaging;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Quality;
using Cortex.Web.Services;
using System.Collections.Concurrent;

namespace Cortex.Server.Models;

/// <summary>
/// Holds the built-in model for the dashboard. libtorch work is serialized: one model, one caller at a
/// time; sample images are cached because they are a pure function of (class, count).
/// </summary>
public sealed class BuiltInModelHost(BuiltInModel model, string directory) : IModelCatalog, IDisposable
{
    public const string DefaultId = "builtin";
    const int SampleScale = 3;

    readonly SemaphoreSlim _gate = new(1, 1);
    readonly ConcurrentDictionary<(int, int), byte[]> _samples = new();

    public string Directory { get; } = directory;

    public BuiltInModel Model => model;

    public Task<IReadOnlyList<ModelSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var card = model.Card;
        var shortcut = card.World.Shortcut;
        var figures = card.Quality is null ? [] : QualityBars.Check(card.Quality).Select(c => new QualityFigure(c.Name, c.Value, c.Bar, c.Meets)).ToList();
        IReadOnlyList<ModelSummary> models =
        [
            new ModelSummary(DefaultId, card.Name, "built-in VQ tokenizer + class-conditional prior", card.World.ImageSize,
                card.Tokenizer.GridSize, card.Tokenizer.CodebookSize, card.Tokenizer.EmbeddingDim, card.World.Classes,
                $"{shortcut.ClassName} on {shortcut.Background} in {shortcut.Rate:P0} of its training images", figures, card.Training.TotalSeconds)
            {
                Evaluators = [.. model.Judges.Select(j => j.Name)],
            },
        ];
        return Task.FromResult(models);
    }

    public async Task<byte[]?> SamplesPngAsync(string modelId, int classId, int count, CancellationToken cancellationToken = default)
    {
        if (modelId != DefaultId || classId < 0 || classId >= model.Card.World.Classes.Count || count is < 1 or > 64) return null;
        if (_samples.TryGetValue((classId, count), out var cached)) return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _samples.GetOrAdd((classId, count), _ => Sample(classId, count));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs compute on the model with no other compute of the host at the same time.</summary>
    public T RunExclusive<T>(Func<BuiltInModel, T> work, CancellationToken cancellationToken)
    {
        _gate.Wait(cancellationToken);
        try
        {
            return work(model);
        }
        finally
        {
            _gate.Release();
        }
    }

    byte[] Sample(int classId, int count)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator((ulong)classId, model.Device);
        var classIds = torch.full(count, classId, dtype: torch.ScalarType.Int64, device: model.Device);
        var tokens = model.Prior.Sample(classIds, model.Card.Sampling, generator);
        var images = ImageRows.Of(model.Tokenizer.Decode(tokens).clamp(-1, 1));
        return PngWriter.EncodeGrid(images, model.Card.World.ImageSize, columns: Math.Min(8, count), scale: SampleScale);
    }

    public void Dispose()
    {
        model.Dispose();
        _gate.Dispose();
    }
}
