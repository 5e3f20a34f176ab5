using Cortex.Compute.Models;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Editing;

static class SearchChecks
{
    public static void Check(IVqModel model, Tensor sourceTokens, EditRegion region)
    {
        if (sourceTokens.dim() != 3 || sourceTokens.shape[0] < 1)
            throw new ArgumentException($"Source token grids must be [B, H, W] with B ≥ 1, not [{string.Join(", ", sourceTokens.shape)}].");
        if (sourceTokens.shape[1] != model.GridSize || sourceTokens.shape[2] != model.GridSize)
            throw new ArgumentException($"Source grids are {sourceTokens.shape[1]}×{sourceTokens.shape[2]}; the model's grid is {model.GridSize}×{model.GridSize}.");
        if (region.GridSize != model.GridSize)
            throw new ArgumentException($"The region is drawn on a {region.GridSize}×{region.GridSize} grid; the model's grid is {model.GridSize}×{model.GridSize}.");
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
