using Cortex.Compute.Native;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Importance;

/// <summary>
/// ∂f_y(e)/∂e for a whole batch in ONE backward pass: with the extractor in eval mode no sample
/// influences another, so the gradient of Σ_i f_{y_i}(e_i) with respect to e_i is the per-sample one.
/// </summary>
public static class TargetGradient
{
    /// <param name="embeddings">[B, D, H, W]</param>
    /// <param name="targets">[B] concept indices</param>
    /// <returns>Gradients [B, D, H, W] and the target logits [B].</returns>
    public static (Tensor Gradient, Tensor Logits) Compute(Module<Tensor, Tensor> extractor, Tensor embeddings, Tensor targets)
    {
        if (extractor.training) throw new InvalidOperationException("Per-sample gradients from one backward pass need the extractor in eval mode.");
        using var exact = NativeSwitches.ExactInputGradients();
        using var scope = NewDisposeScope();
        using var _ = enable_grad();
        var input = embeddings.detach().requires_grad_();
        var logits = extractor.call(input).gather(1, targets.unsqueeze(1)).squeeze(1);
        var gradient = autograd.grad([logits.sum()], [input])[0];
        return (gradient.detach().MoveToOuterDisposeScope(), logits.detach().MoveToOuterDisposeScope());
    }

    /// <summary>The same gradients in chunks of at most <paramref name="maxBatch"/> grids (one backward pass per chunk).</summary>
    public static Tensor Chunked(Module<Tensor, Tensor> extractor, Tensor embeddings, Tensor targets, int maxBatch)
    {
        var count = embeddings.shape[0];
        if (count <= maxBatch) return Compute(extractor, embeddings, targets).Gradient;
        var parts = new List<Tensor>();
        for (long start = 0; start < count; start += maxBatch)
        {
            var length = Math.Min(maxBatch, count - start);
            var (gradient, logits) = Compute(extractor, embeddings.narrow(0, start, length), targets.narrow(0, start, length));
            logits.Dispose();
            parts.Add(gradient);
        }
        var all = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return all;
    }
}
