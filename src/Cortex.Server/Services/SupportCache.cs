using System.Collections.Concurrent;
using Cortex.Compute.Imaging;
using Cortex.Server.Experiments;
using Cortex.Server.Models;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Services;

/// <summary>
/// Support sets as the dashboard shows them: token grids and decoded PNGs, built by the same code and
/// seed as an experiment's, so the image a person picks as a codebook source is the one the run edits.
/// A bounded number of sets is kept; building one runs on the model registry's exclusive gate.
/// </summary>
public sealed class SupportCache(ModelRegistry models, ConceptImageStore uploads, IOptions<CortexOptions> options)
{
    const int Capacity = 32;
    /// <summary>Small images are scaled up to about this side, so a 32-pixel world image is as legible as a 256-pixel photo.</summary>
    const int ImagePixels = 128;

    readonly ConcurrentDictionary<(string Concept, DateTime Version, int Count, int Seed), Lazy<Task<RenderedSupport>>> _sets = new();

    public sealed record RenderedSupport(int GridSize, IReadOnlyList<long[]> Tokens, IReadOnlyList<byte[]> Png);

    public Task<RenderedSupport> GetAsync(ConceptDocument concept, int count, int seed, CancellationToken cancellationToken)
    {
        if (count < 1 || count > options.Value.MaxImagesPerConcept)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A support set holds 1..{options.Value.MaxImagesPerConcept} images.");
        if (_sets.Count >= Capacity) _sets.Clear();
        var key = (concept.Id, concept.UpdatedAt, count, seed);
        var task = _sets.GetOrAdd(key, _ => new Lazy<Task<RenderedSupport>>(() => Task.Run(() => Build(concept, count, seed), CancellationToken.None))).Value;
        // A set that could not be built (a filter too narrow for the count) is not remembered: the next ask tries again.
        _ = task.ContinueWith(_ => _sets.TryRemove(key, out Lazy<Task<RenderedSupport>>? _), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return task.WaitAsync(cancellationToken);
    }

    public void Forget(string conceptId)
    {
        foreach (var key in _sets.Keys.Where(k => k.Concept == conceptId)) _sets.TryRemove(key, out _);
    }

    RenderedSupport Build(ConceptDocument concept, int count, int seed) => models.RunExclusive(concept.ModelId, hosted =>
    {
        using var scope = torch.NewDisposeScope();
        using var set = ConceptSupport.Build(hosted, concept, count, seed, uploads);
        var model = hosted.Model;
        var grid = model.GridSize;
        var tokens = set.Tokens.cpu().contiguous().data<long>().ToArray();
        var grids = Enumerable.Range(0, count).Select(i => tokens[(i * grid * grid)..((i + 1) * grid * grid)]).ToList();
        var images = ImageRows.Of(model.Decode(set.Tokens).Clamp(-1, 1));
        var scale = PngWriter.ScaleToReach(model.ImageSize, ImagePixels);
        var png = images.Select(image => PngWriter.Encode(image, model.ImageSize, scale)).ToList();
        return new RenderedSupport(grid, grids, png);
    }, CancellationToken.None);
}
