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

    /// <summary>The same gradients, chunk by chunk (<see cref="GradientChunks"/> picks the size, at most <paramref name="maxBatch"/> grids).</summary>
    public static Tensor Chunked(Module<Tensor, Tensor> extractor, Tensor embeddings, Tensor targets, int maxBatch)
    {
        using var row = embeddings[..1];
        return GroupMean(extractor, row, embeddings.shape[0], 1, (start, length) => (embeddings.narrow(0, start, length), targets.narrow(0, start, length)), maxBatch);
    }

    /// <summary>
    /// The mean gradient of each group of <paramref name="group"/> consecutive rows — a grid's noisy copies or
    /// path points — with the rows built chunk by chunk, so that only one chunk of them exists at a time.
    /// </summary>
    /// <param name="row">[1, D, H, W]: the shape, dtype and device of a row</param>
    /// <param name="rows">(start, length) → inputs [length, D, H, W] and their targets [length]</param>
    /// <returns>[count / group, D, H, W]</returns>
    public static Tensor GroupMean(Module<Tensor, Tensor> extractor, Tensor row, long count, int group,
        Func<long, long, (Tensor Inputs, Tensor Targets)> rows, int maxBatch)
    {
        if (count % group != 0) throw new ArgumentException($"{count} rows do not divide into groups of {group}.");
        var sum = zeros([count / group, row.shape[1], row.shape[2], row.shape[3]], row.dtype, row.device);
        GradientChunks.ForEach(extractor, row, count, maxBatch, (start, length) =>
        {
            using var scope = NewDisposeScope();
            var (inputs, targets) = rows(start, length);
            var (gradient, _) = Compute(extractor, inputs, targets);
            sum.IndexAdd_(0, Owners(start, length, group, row.device), gradient);
        });
        return group == 1 ? sum : sum.Over(group);
    }

    /// <summary>The group each of the rows start … start + length − 1 belongs to, <paramref name="group"/> rows per group.</summary>
    public static Tensor Owners(long start, long length, int group, Device device) =>
        tensor(Enumerable.Range(0, (int)length).Select(i => (start + i) / group).ToArray(), device: device);
}
