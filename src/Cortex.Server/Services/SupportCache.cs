using Cortex.Compute.Imaging;
using Cortex.Compute.Runs;
using Cortex.Server.Experiments;
using Cortex.Server.Models;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Services;

/// <summary>
/// Support sets as the dashboard shows them: token grids and decoded PNGs, built by the same code and
/// seed as an experiment's, so the image a person picks as a codebook source is the one the run edits.
/// A bounded number of sets is kept; a set that could not be built (a filter too narrow for the count) is not.
/// </summary>
public sealed class SupportCache(ModelRegistry models, ConceptImageStore uploads, IOptions<CortexOptions> options) : IDisposable
{
    const int Capacity = 32;
    /// <summary>Small images are scaled up to about this side, so a 32-pixel world image is as legible as a 256-pixel photo.</summary>
    const int ImagePixels = 128;

    readonly ComputedCache<(string Concept, DateTime Version, int Count, int Seed), RenderedSupport> _sets = new(Capacity);

    public sealed record RenderedSupport(int GridSize, IReadOnlyList<long[]> Tokens, IReadOnlyList<byte[]> Png);

    public Task<RenderedSupport> GetAsync(StoredConcept concept, int count, int seed, CancellationToken cancellationToken)
    {
        if (count < 1 || count > options.Value.MaxImagesPerConcept)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A support set holds 1..{options.Value.MaxImagesPerConcept} images.");
        return _sets.GetAsync((concept.Id, concept.UpdatedAt, count, seed), () => models.RunAsync(concept.ModelId, hosted => Build(hosted, concept, count, seed), CancellationToken.None),
            cancellationToken);
    }

    public void Forget(string conceptId) => _sets.RemoveWhere(k => k.Concept == conceptId);

    RenderedSupport Build(HostedModel hosted, StoredConcept concept, int count, int seed)
    {
        using var scope = torch.NewDisposeScope();
        using var set = ConceptSupport.Build(hosted.ForRuns, ExperimentRunner.Concept(concept, concept.Source == ConceptSource.Uploaded ? uploads.ReadFirst(concept.Id, count) : []), count, seed);
        var model = hosted.Model;
        var grid = model.GridSize;
        var tokens = set.Tokens.cpu().contiguous().data<long>().ToArray();
        var grids = Enumerable.Range(0, count).Select(i => tokens[(i * grid * grid)..((i + 1) * grid * grid)]).ToList();
        var images = ImageRows.Of(model.Decode(set.Tokens).Clamp(-1, 1));
        var scale = PngWriter.ScaleToReach(model.ImageSize, ImagePixels);
        var png = images.Select(image => PngWriter.Encode(image, model.ImageSize, scale)).ToList();
        return new RenderedSupport(grid, grids, png);
    }

    public void Dispose() => _sets.Dispose();
}
