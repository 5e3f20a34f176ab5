using Cortex.Compute.Models;
using Cortex.Compute.Native;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Editing;

/// <summary>
/// What both codebook-level searches set up: checked inputs, a frozen extractor, exact input
/// gradients, the source grids flattened to [B, H·W], each image's region indices and the source
/// embeddings. Every image has its own region, all of one size, so that one step edits them all.
/// </summary>
sealed class SearchContext : IDisposable
{
    readonly FrozenExtractor _frozen;
    readonly IDisposable _exact;

    public SearchContext(IVqModel model, Module<Tensor, Tensor> extractor, Tensor sourceTokens, IReadOnlyList<EditRegion> regions, SearchOptions options)
    {
        options.Validate();
        if (sourceTokens.dim() != 3 || sourceTokens.shape[0] < 1)
            throw new ArgumentException($"Source token grids must be [B, H, W] with B ≥ 1, not [{string.Join(", ", sourceTokens.shape)}].");
        if (sourceTokens.shape[1] != model.GridSize || sourceTokens.shape[2] != model.GridSize)
            throw new ArgumentException($"Source grids are {sourceTokens.shape[1]}×{sourceTokens.shape[2]}; the model's grid is {model.GridSize}×{model.GridSize}.");
        if (regions.Count != sourceTokens.shape[0])
            throw new ArgumentException($"There are {regions.Count} edit regions for {sourceTokens.shape[0]} source images; each image needs its own.");
        if (regions.FirstOrDefault(r => r.GridSize != model.GridSize) is { } foreign)
            throw new ArgumentException($"The region is drawn on a {foreign.GridSize}×{foreign.GridSize} grid; the model's grid is {model.GridSize}×{model.GridSize}.");
        if (regions.Select(r => r.Count).Distinct().Count() > 1)
            throw new ArgumentException($"The images' regions differ in size ({string.Join(", ", regions.Select(r => r.Count).Distinct())} positions); one batched search needs regions of one size.");

        _frozen = new FrozenExtractor(extractor);
        _exact = NativeSwitches.ExactInputGradients();
        (Batch, Grid) = ((int)sourceTokens.shape[0], (int)sourceTokens.shape[1]);
        Codebook = model.Codebook.detach();
        Source = sourceTokens.reshape(Batch, Cells).to(model.Device);
        RegionIndex = tensor(regions.SelectMany(r => r.Positions).Select(p => (long)p).ToArray(), device: model.Device).view(Batch, -1);
        Baseline = Codebook.index_select(0, Source.flatten()).view(Batch, Cells, Codebook.shape[1]);
        RowIndex = RegionIndex.unsqueeze(-1).expand(-1, -1, Dim).contiguous();
    }

    public int Batch { get; }
    public int Grid { get; }
    public int Cells => Grid * Grid;
    public int Dim => (int)Codebook.shape[1];
    /// <summary>C, [K, D], detached.</summary>
    public Tensor Codebook { get; }
    /// <summary>[B, H·W] source token ids.</summary>
    public Tensor Source { get; }
    /// <summary>[B, R] each image's region positions.</summary>
    public Tensor RegionIndex { get; }
    /// <summary>[B, R, D] the region positions repeated along D, to place and pick embedding rows.</summary>
    Tensor RowIndex { get; }
    /// <summary>[B, H·W, D] source embeddings.</summary>
    public Tensor Baseline { get; }
    public int RegionSize => (int)RegionIndex.shape[1];

    /// <summary>Embedding rows [B, H·W, D] → grids [B, D, H, W].</summary>
    public Tensor ToGrid(Tensor rows) => rows.view(Batch, Grid, Grid, Dim).permute(0, 3, 1, 2);

    /// <summary>The source embeddings with each image's region rows replaced by <paramref name="rows"/> [B, R, D] → [B, H·W, D].</summary>
    public Tensor PlaceRows(Tensor rows) => Baseline.scatter(1, RowIndex, rows);

    /// <summary>The source embeddings of each image's region, [B, R, D].</summary>
    public Tensor RegionRows() => Baseline.gather(1, RowIndex);

    /// <summary>The source token ids with each image's region replaced by <paramref name="tokens"/> [B, R] → [B, H·W].</summary>
    public Tensor PlaceTokens(Tensor tokens) => Source.scatter(1, RegionIndex, tokens);

    /// <summary>[B, H·W] true inside each image's region.</summary>
    public Tensor RegionMask() => zeros([Batch, Cells], ScalarType.Bool, Source.device).scatter(1, RegionIndex, ones_like(RegionIndex, ScalarType.Bool));

    public void Dispose()
    {
        Baseline.Dispose();
        RowIndex.Dispose();
        RegionIndex.Dispose();
        Source.Dispose();
        _exact.Dispose();
        _frozen.Dispose();
    }
}

/// <summary>Stops gradients from accumulating in the extractor's weights while a search optimizes its input; restores them after.</summary>
sealed class FrozenExtractor : IDisposable
{
    readonly List<(Parameter Parameter, bool RequiresGrad)> _saved;

    public FrozenExtractor(Module<Tensor, Tensor> extractor)
    {
        extractor.eval();
        _saved = extractor.parameters().Select(p => (p, p.requires_grad)).ToList();
        foreach (var (parameter, _) in _saved) parameter.requires_grad = false;
    }

    public void Dispose()
    {
        foreach (var (parameter, requiresGrad) in _saved) parameter.requires_grad = requiresGrad;
    }
}
