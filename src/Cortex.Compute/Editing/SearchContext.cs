using Cortex.Compute.Models;
using Cortex.Compute.Native;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Editing;

/// <summary>
/// What both codebook-level searches set up: checked inputs, a frozen extractor, exact input
/// gradients, the source grids flattened to [B, H·W], the region's indices and the source embeddings.
/// </summary>
sealed class SearchContext : IDisposable
{
    readonly FrozenExtractor _frozen;
    readonly IDisposable _exact;

    public SearchContext(IVqModel model, Module<Tensor, Tensor> extractor, Tensor sourceTokens, EditRegion region, SearchOptions options)
    {
        options.Validate();
        if (sourceTokens.dim() != 3 || sourceTokens.shape[0] < 1)
            throw new ArgumentException($"Source token grids must be [B, H, W] with B ≥ 1, not [{string.Join(", ", sourceTokens.shape)}].");
        if (sourceTokens.shape[1] != model.GridSize || sourceTokens.shape[2] != model.GridSize)
            throw new ArgumentException($"Source grids are {sourceTokens.shape[1]}×{sourceTokens.shape[2]}; the model's grid is {model.GridSize}×{model.GridSize}.");
        if (region.GridSize != model.GridSize)
            throw new ArgumentException($"The region is drawn on a {region.GridSize}×{region.GridSize} grid; the model's grid is {model.GridSize}×{model.GridSize}.");

        _frozen = new FrozenExtractor(extractor);
        _exact = NativeSwitches.ExactInputGradients();
        (Batch, Grid) = ((int)sourceTokens.shape[0], (int)sourceTokens.shape[1]);
        Codebook = model.Codebook.detach();
        Source = sourceTokens.reshape(Batch, Cells).to(model.Device);
        RegionIndex = tensor(region.Positions.Select(p => (long)p).ToArray(), device: model.Device);
        Baseline = Codebook.index_select(0, Source.flatten()).view(Batch, Cells, Codebook.shape[1]);
    }

    public int Batch { get; }
    public int Grid { get; }
    public int Cells => Grid * Grid;
    public int Dim => (int)Codebook.shape[1];
    /// <summary>C, [K, D], detached.</summary>
    public Tensor Codebook { get; }
    /// <summary>[B, H·W] source token ids.</summary>
    public Tensor Source { get; }
    /// <summary>[R] region positions.</summary>
    public Tensor RegionIndex { get; }
    /// <summary>[B, H·W, D] source embeddings.</summary>
    public Tensor Baseline { get; }

    /// <summary>Embedding rows [B, H·W, D] → grids [B, D, H, W].</summary>
    public Tensor ToGrid(Tensor rows) => rows.view(Batch, Grid, Grid, Dim).permute(0, 3, 1, 2);

    public void Dispose()
    {
        Baseline.Dispose();
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
