using Cortex.Compute.Concepts;
using Cortex.Compute.Imaging;
using Cortex.Compute.World;
using Cortex.Server.Models;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// A model's codebook: usage over a fixed draw of images — encoded world images of every class for the
/// built-in model, prior samples spread over the classes for a registered one — each entry decoded as a
/// tile, and its occurrences in context; the same for every workspace (<see cref="WorkspaceCodebook"/> adds
/// what a workspace's experiments say of it). A model's draw is computed once, on first use.
/// </summary>
public sealed class CodebookService(ModelRegistry models, CortexDatabase database) : IDisposable
{
    const int ImagesPerClass = 32;
    const int SampledImages = 64;
    const int DrawSeed = 4242;
    const int TileScale = 4;
    const int ContextCells = 1;
    const int MaxContexts = 8;
    /// <summary>Every entry is decoded on a whole image: K × S² decoded pixels, beyond which a CPU takes too long (ImageNet f16 needs 1.1e9).</summary>
    const long MaxDecodedPixels = 1L << 24;

    /// <summary>Atlases kept at once: one per model in use, and few models are loaded at a time.</summary>
    const int AtlasCapacity = 8;

    readonly ComputedCache<string, Atlas> _atlases = new(AtlasCapacity);

    sealed record Atlas(int Images, double[] Share, byte[] Sprite, IReadOnlyList<float[]> Pixels, IReadOnlyList<long[]> Tokens, IReadOnlyList<string> ClassOf);

    public string? Unavailable(string modelId)
    {
        if (database.Models.FindById(modelId) is not { Facts: { } facts }) return $"There is no model '{modelId}'.";
        if (!facts.HasPrior && modelId != ModelRegistry.BuiltInId)
            return "This model has no prior, so Cortex has no images of its own to measure codebook usage on.";
        var pixels = (long)facts.CodebookSize * facts.ImageSize * facts.ImageSize;
        return pixels > MaxDecodedPixels
            ? $"Drawing every one of the {facts.CodebookSize} entries decodes {pixels:N0} pixels ({facts.ImageSize}-pixel images), more than the explorer decodes ({MaxDecodedPixels:N0})."
            : null;
    }

    public async Task<CodebookUsage?> UsageAsync(string modelId, CancellationToken cancellationToken = default)
    {
        if (await AtlasAsync(modelId, cancellationToken) is not { } atlas) return null;
        return new CodebookUsage(modelId, atlas.Share.Length, atlas.Images, atlas.Share);
    }

    public async Task<byte[]?> SpriteAsync(string modelId, CancellationToken cancellationToken = default) =>
        (await AtlasAsync(modelId, cancellationToken))?.Sprite;

    async Task<Atlas?> AtlasAsync(string modelId, CancellationToken cancellationToken)
    {
        if (Unavailable(modelId) is not null) return null;
        // Built for whoever asks first and shared; nobody's cancelled page stops it, so the next visitor gets it at once.
        return await _atlases.GetAsync(modelId, () => models.RunAsync(modelId, Build, CancellationToken.None), cancellationToken);
    }

    /// <summary>A model unregistered (or registered again under the same id) draws afresh.</summary>
    public void Forget(string modelId) => _atlases.Remove(modelId);

    /// <summary>Up to eight crops (the cell and its neighbours) of drawn images where the entry occurs, as one PNG; empty when it never occurs; null for an unknown model or entry.</summary>
    public async Task<byte[]?> ContextsAsync(string modelId, long token, CancellationToken cancellationToken = default)
    {
        if (database.Models.FindById(modelId)?.Facts is not { } facts || token < 0 || token >= facts.CodebookSize) return null;
        if (await AtlasAsync(modelId, cancellationToken) is not { } atlas) return null;
        var (size, grid) = (facts.ImageSize, facts.GridSize);
        var crops = new List<float[]>();
        for (var i = 0; i < atlas.Tokens.Count && crops.Count < MaxContexts; i++)
        {
            var position = Array.IndexOf(atlas.Tokens[i], token);
            if (position >= 0) crops.Add(Crops.Cell(atlas.Pixels[i], size, grid, position, ContextCells));
        }
        var width = Math.Min(size, (2 * ContextCells + 1) * size / grid);
        return crops.Count == 0 ? [] : PngWriter.EncodeGrid(crops, width, crops.Count, scale: 2 * TileScale);
    }

    /// <summary>Per class of the drawn images, the share of their positions that hold the entry, in the order the classes were drawn.</summary>
    public async Task<IReadOnlyList<ClassShare>> ClassSharesAsync(string modelId, long token, CancellationToken cancellationToken = default)
    {
        if (database.Models.FindById(modelId)?.Facts is not { } facts || token < 0 || token >= facts.CodebookSize) return [];
        if (await AtlasAsync(modelId, cancellationToken) is not { } atlas) return [];
        return [.. atlas.Tokens.Zip(atlas.ClassOf).GroupBy(image => image.Second)
            .Select(images => new ClassShare(images.Key, images.Average(image => image.First.Count(t => t == token) / (double)image.First.Length)))];
    }

    /// <summary>The <paramref name="count"/> entries whose code vectors lie nearest the entry's (Euclidean), nearest first; empty for an unknown model or entry.</summary>
    public async Task<IReadOnlyList<TokenNeighbour>> NeighboursAsync(string modelId, long token, int count, CancellationToken cancellationToken = default)
    {
        if (database.Models.FindById(modelId)?.Facts is not { } facts || token < 0 || token >= facts.CodebookSize || count <= 0) return [];
        return await models.RunAsync(modelId, hosted =>
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            var codebook = hosted.Model.Codebook;                                  // [K, D]
            var distances = (codebook - codebook[token]).Pow(2).sum(1).sqrt().to(torch.float32).cpu(); // [K]
            var (values, indices) = distances.topk(Math.Min(count + 1, facts.CodebookSize), largest: false);
            return values.data<float>().ToArray().Zip(indices.data<long>().ToArray())
                .Where(n => n.Second != token).Take(count).Select(n => new TokenNeighbour(n.Second, n.First)).ToList();
        }, cancellationToken);
    }

    static Atlas Build(HostedModel hosted)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var model = hosted.Model;
        var drawn = Draw(hosted);
        var sets = drawn.Select(d => d.Set).ToList();
        var classOf = drawn.SelectMany(d => Enumerable.Repeat(d.Class, d.Set.Count)).ToList();
        var tokens = torch.cat(sets.Select(s => s.Tokens).ToList(), 0);
        var cells = model.GridSize * model.GridSize;
        var flat = tokens.cpu().contiguous().data<long>().ToArray();
        var counts = new double[model.CodebookSize];
        foreach (var t in flat) counts[t]++;
        var pixels = ImageRows.Of(model.Decode(tokens).Clamp(-1, 1));

        // Each entry alone on a whole grid shows its own texture, free of neighbours; the tile is the centre cell.
        var uniform = TensorMath.Arange(model.CodebookSize, torch.ScalarType.Int64, model.Device).view(-1, 1, 1).expand(-1, model.GridSize, model.GridSize);
        var cell = model.ImageSize / model.GridSize;
        var tiles = ImageRows.Of(model.Decode(uniform).Clamp(-1, 1)).Select(image => Crops.Cell(image, model.ImageSize, model.GridSize, cells / 2 + model.GridSize / 2, 0)).ToList();
        var sprite = PngWriter.EncodeGrid(tiles, cell, ApiUrls.CodebookSpriteColumns, TileScale, gap: 0);
        foreach (var set in sets) set.Dispose();
        return new Atlas(flat.Length / cells, counts.Select(c => c / flat.Length).ToArray(), sprite, pixels,
            Enumerable.Range(0, flat.Length / cells).Select(i => flat[(i * cells)..((i + 1) * cells)]).ToList(),
            classOf);
    }

    /// <summary>The built-in world's rendered images, encoded; else samples of the prior, a few per class spread over its classes.</summary>
    static List<(string Class, SupportSet Set)> Draw(HostedModel hosted)
    {
        if (hosted.World is { } world)
        {
            var renderer = new Renderer(world.World.Unbiased);
            return ClassTable.All.Select(c => (c.Name, SupportSets.Encode(world, renderer, c, ImagesPerClass, DrawSeed))).ToList();
        }
        var classes = hosted.Classes.Count;
        var perClass = Math.Max(1, SampledImages / Math.Min(classes, 16));
        return Enumerable.Range(0, Math.Min(classes, 16)).Select(i => i * classes / Math.Min(classes, 16))
            .Select(c => (hosted.Classes[c], SupportSets.Generate(hosted.Model, hosted.Classes[c], c, perClass, DrawSeed, hosted.Sampling))).ToList();
    }

    public void Dispose() => _atlases.Dispose();
}
