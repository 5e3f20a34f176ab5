using Cortex.Compute.Native;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Importance;

/// <summary>
/// The reference implementation's algorithm, kept for the benchmark and the equivalence tests: one
/// forward and one backward pass per image and per noise sample, in a loop. Same noise as the batched
/// <see cref="TokenImportance"/> for the same seed, so the two give the same maps.
/// </summary>
public static class ReferenceSmoothGrad
{
    public static Tensor Compute(Module<Tensor, Tensor> extractor, Tensor embeddings, Tensor targets, ImportanceOptions options)
    {
        extractor.eval();
        using var exact = NativeSwitches.ExactInputGradients();
        using var scope = NewDisposeScope();
        var n = options.SmoothGradSamples;
        var shape = embeddings.shape;
        using var generator = new Generator((ulong)options.Seed);
        var noise = DeviceRandom.Normal([shape[0] * n, shape[1], shape[2], shape[3]], generator, embeddings.device);
        var maps = new List<Tensor>();
        for (var i = 0; i < shape[0]; i++)
        {
            var grid = embeddings[i];
            var sigma = (grid.max() - grid.min()).Times(options.SmoothGradSigma);
            var sum = zeros_like(grid);
            for (var s = 0; s < n; s++)
            {
                using var _ = enable_grad();
                var input = grid.Plus(noise[i * n + s] * sigma).unsqueeze(0).detach().requires_grad_();
                var logit = extractor.call(input)[0, targets[i]];
                sum = sum.Plus(autograd.grad([logit], [input])[0][0]);
            }
            maps.Add(ReduceOverChannels.Apply(sum.Over(n).unsqueeze(0), options.Reduction)[0]);
        }
        return stack(maps).MoveToOuterDisposeScope();
    }

    /// <summary>Plain gradients, one backward pass per image.</summary>
    public static Tensor PerSampleGradients(Module<Tensor, Tensor> extractor, Tensor embeddings, Tensor targets)
    {
        extractor.eval();
        using var exact = NativeSwitches.ExactInputGradients();
        using var scope = NewDisposeScope();
        using var _ = enable_grad();
        var gradients = new List<Tensor>();
        for (var i = 0; i < embeddings.shape[0]; i++)
        {
            var input = embeddings[i].unsqueeze(0).detach().requires_grad_();
            gradients.Add(autograd.grad([extractor.call(input)[0, targets[i]]], [input])[0][0]);
        }
        return stack(gradients).MoveToOuterDisposeScope();
    }
}
