using Cortex.Compute.Concepts;
using Cortex.Compute.Imaging;
using Cortex.Compute.World;
using Cortex.Server.Models;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// The codebook of the built-in model: usage over a fixed draw of encoded world images (every class),
/// each entry decoded as a tile, its occurrences in context, and where it appears in experiments' token
/// sets. The draw is computed once, on first use.
/// </summary>
public sealed class CodebookService(BuiltInModelHost models, CortexDatabase database, IExperimentService experiments) : ICodebookService
{
    const int ImagesPerClass = 32;
    const int DrawSeed = 4242;
    const int TileScale = 4;
    const int ContextCells = 1;
    const int MaxContexts = 8;

    readonly Lazy<Task<Atlas>> _atlas = new(() => Task.Run(() => models.RunExclusive(Build, CancellationToken.None)));

    sealed record Atlas(int Images, double[] Share, byte[] Sprite, IReadOnlyList<float[]> Pixels, IReadOnlyList<long[]> Tokens);

    public async Task<CodebookUsage?> UsageAsync(string modelId, CancellationToken cancellationToken = default)
    {
        if (modelId != BuiltInModelHost.DefaultId) return null;
        var atlas = await _atlas.Value.WaitAsync(cancellationToken);
        return new CodebookUsage(modelId, atlas.Share.Length, atlas.Images, atlas.Share);
    }

    public async Task<byte[]?> SpriteAsync(string modelId, CancellationToken cancellationToken = default) =>
        modelId == BuiltInModelHost.DefaultId ? (await _atlas.Value.WaitAsync(cancellationToken)).Sprite : null;

    /// <summary>Up to eight crops (the cell and its neighbours) of drawn images where the entry occurs, as one PNG; empty when it never occurs; null for an unknown model or entry.</summary>
    public async Task<byte[]?> ContextsAsync(string modelId, long token, CancellationToken cancellationToken = default)
    {
        if (modelId != BuiltInModelHost.DefaultId || token < 0 || token >= models.Model.CodebookSize) return null;
        var atlas = await _atlas.Value.WaitAsync(cancellationToken);
        var (size, grid) = (models.Model.ImageSize, models.Model.GridSize);
        var crops = new List<float[]>();
        for (var i = 0; i < atlas.Tokens.Count && crops.Count < MaxContexts; i++)
        {
            var position = Array.IndexOf(atlas.Tokens[i], token);
            if (position >= 0) crops.Add(Crops.Cell(atlas.Pixels[i], size, grid, position, ContextCells));
        }
        var width = Math.Min(size, (2 * ContextCells + 1) * size / grid);
        return crops.Count == 0 ? [] : PngWriter.EncodeGrid(crops, width, crops.Count, scale: 2 * TileScale);
    }

    public async Task<IReadOnlyDictionary<long, double>?> ImportanceAsync(string experimentId, string conceptName, CancellationToken cancellationToken = default)
    {
        if (await experiments.SaliencyAsync(experimentId, cancellationToken) is not { } saliency) return null;
        var concept = saliency.Concepts.ToList().IndexOf(conceptName);
        if (concept < 0) return null;
        var (sum, count) = (new Dictionary<long, double>(), new Dictionary<long, int>());
        for (var i = 0; i < saliency.Count; i++)
        {
            if (saliency.ConceptOf[i] != concept) continue;
            for (var q = 0; q < saliency.Tokens[i].Length; q++)
            {
                var token = saliency.Tokens[i][q];
                sum[token] = sum.GetValueOrDefault(token) + saliency.Tis[i][q];
                count[token] = count.GetValueOrDefault(token) + 1;
            }
        }
        return sum.ToDictionary(s => s.Key, s => s.Value / count[s.Key]);
    }

    public Task<IReadOnlyList<TokenAppearance>> AppearancesAsync(long token, CancellationToken cancellationToken = default)
    {
        var found = new List<TokenAppearance>();
        foreach (var experiment in database.Experiments.Find(e => e.Status == ExperimentStatus.Succeeded))
        {
            if (experiment.Summary is not { } summary) continue;
            foreach (var (kind, sets) in new[] { ("tis", summary.TokenSets), ("frequency", summary.FrequencySets) })
            foreach (var (concept, set) in sets)
            {
                var rank = set.FindIndex(e => e.Token == token);
                if (rank >= 0) found.Add(new TokenAppearance(token, experiment.Id, experiment.Name, concept, kind, rank + 1, set[rank].Count, experiment.CreatedAt));
            }
        }
        return Task.FromResult<IReadOnlyList<TokenAppearance>>([.. found.OrderBy(a => a.Kind).ThenBy(a => a.Rank).ThenByDescending(a => a.CreatedAt)]);
    }

    static Atlas Build(Compute.Models.BuiltIn.BuiltInModel model)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var renderer = new Renderer(model.World.Unbiased);
        var sets = ClassTable.All.Select(c => SupportSets.Encode(model, renderer, c, ImagesPerClass, DrawSeed)).ToList();
        var tokens = torch.cat(sets.Select(s => s.Tokens).ToList(), 0);
        var cells = model.GridSize * model.GridSize;
        var flat = tokens.cpu().contiguous().data<long>().ToArray();
        var counts = new double[model.CodebookSize];
        foreach (var t in flat) counts[t]++;
        var pixels = ImageRows.Of(model.Decode(tokens).clamp(-1, 1));

        // Each entry alone on a whole grid shows its own texture, free of neighbours; the tile is the centre cell.
        var uniform = torch.arange(model.CodebookSize, dtype: torch.ScalarType.Int64, device: model.Device).view(-1, 1, 1).expand(-1, model.GridSize, model.GridSize);
        var cell = model.ImageSize / model.GridSize;
        var tiles = ImageRows.Of(model.Decode(uniform).clamp(-1, 1)).Select(image => Crops.Cell(image, model.ImageSize, model.GridSize, cells / 2 + model.GridSize / 2, 0)).ToList();
        var sprite = PngWriter.EncodeGrid(tiles, cell, ApiUrls.CodebookSpriteColumns, TileScale, gap: 0);
        foreach (var set in sets) set.Dispose();
        return new Atlas(flat.Length / cells, counts.Select(c => c / flat.Length).ToArray(), sprite, pixels,
            Enumerable.Range(0, flat.Length / cells).Select(i => flat[(i * cells)..((i + 1) * cells)]).ToList());
    }
}
