using static TorchSharp.torch.nn;

namespace Cortex.Compute.Importance;

/// <summary>
/// TIS maps [B, H, W] and, for integrated gradients, the relative completeness error of the batch and of
/// each grid (|Σ attribution − (f_y(e) − f_y(b))| / |f_y(e) − f_y(b)|).
/// </summary>
public sealed record ImportanceResult(Tensor Scores, double? CompletenessError, IReadOnlyList<double>? GridCompletenessErrors = null) : IDisposable
{
    public void Dispose() => Scores.Dispose();
}

/// <summary>
/// Token importance scores of embedding grids for target concepts (METHOD.md §3), every method
/// batched: each grid's noisy copies, path points or occlusions go through one forward/backward pass
/// together with every other grid's.
/// </summary>
public static class TokenImportance
{
    /// <param name="embeddings">[B, D, H, W]</param>
    /// <param name="targets">[B] concept indices of the extractor</param>
    /// <param name="neutral">[D], the baseline embedding (<see cref="NeutralToken"/>)</param>
    public static ImportanceResult Compute(Module<Tensor, Tensor> extractor, Tensor embeddings, Tensor targets, Tensor neutral,
        ImportanceOptions options)
    {
        options.Validate();
        if (embeddings.dim() != 4) throw new ArgumentException($"Embedding grids must be [B, D, H, W], not [{string.Join(", ", embeddings.shape)}].");
        extractor.eval();
        using var scope = NewDisposeScope();
        var (scores, completeness, gridCompleteness) = options.Method switch
        {
            ImportanceMethod.Gradient => (Reduce(TargetGradient.Chunked(extractor, embeddings, targets, options.MaxBatch), options), (double?)null, (double[]?)null),
            ImportanceMethod.SmoothGrad => (Reduce(SmoothGrad(extractor, embeddings, targets, options), options), null, null),
            ImportanceMethod.GradientTimesInput => (Reduce(TargetGradient.Chunked(extractor, embeddings, targets, options.MaxBatch) * embeddings, options), null, null),
            ImportanceMethod.IntegratedGradients => IntegratedGradients(extractor, embeddings, targets, neutral, options),
            ImportanceMethod.Occlusion => (Occlusion(extractor, embeddings, targets, neutral, options), null, null),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, null),
        };
        return new ImportanceResult(scores.detach().MoveToOuterDisposeScope(), completeness, gridCompleteness);
    }

    static Tensor Reduce(Tensor attribution, ImportanceOptions options) => ReduceOverChannels.Apply(attribution, options.Reduction);

    /// <summary>
    /// Mean gradient over n copies e + ε, ε ~ N(0, σ²), σ = fraction · (max(e) − min(e)) per grid. The noise is
    /// drawn at once, as the reference loop draws it; the noisy copies are made chunk by chunk.
    /// </summary>
    static Tensor SmoothGrad(Module<Tensor, Tensor> extractor, Tensor embeddings, Tensor targets, ImportanceOptions options)
    {
        var n = options.SmoothGradSamples;
        var shape = embeddings.shape;
        var sigma = (embeddings.amax([1, 2, 3]) - embeddings.amin([1, 2, 3])).Times(options.SmoothGradSigma);
        using var generator = new Generator((ulong)options.Seed);
        var noise = DeviceRandom.Normal([shape[0] * n, shape[1], shape[2], shape[3]], generator, embeddings.device);
        return TargetGradient.GroupMean(extractor, embeddings[..1], shape[0] * n, n, (start, length) =>
        {
            var owners = TargetGradient.Owners(start, length, n, embeddings.device);
            return (embeddings[owners].Plus(noise.narrow(0, start, length) * sigma[owners].view(-1, 1, 1, 1)), targets[owners]);
        }, options.MaxBatch);
    }

    /// <summary>
    /// (e − b) · mean over α of ∂f_y(b + α(e − b))/∂e, α at the midpoints of <c>steps</c> equal intervals;
    /// completeness: Σ attribution ≈ f_y(e) − f_y(b), reported as mean |gap| / mean |f_y(e) − f_y(b)| over the
    /// batch and as |gap| / |f_y(e) − f_y(b)| per grid (the gap alone where the gain is 0).
    /// </summary>
    static (Tensor Scores, double? Completeness, double[] GridCompleteness) IntegratedGradients(Module<Tensor, Tensor> extractor, Tensor embeddings, Tensor targets,
        Tensor neutral, ImportanceOptions options)
    {
        var steps = options.IntegratedGradientsSteps;
        var shape = embeddings.shape;
        var baseline = neutral.view(1, -1, 1, 1).expand_as(embeddings);
        var delta = embeddings - baseline;
        var alphas = TensorMath.Arange(steps, embeddings.dtype, embeddings.device).Plus(0.5).Over(steps);
        var gradients = TargetGradient.GroupMean(extractor, embeddings[..1], shape[0] * steps, steps, (start, length) =>
        {
            var owners = TargetGradient.Owners(start, length, steps, embeddings.device);
            var alpha = alphas[tensor(Enumerable.Range(0, (int)length).Select(i => (start + i) % steps).ToArray(), device: embeddings.device)];
            return (baseline[owners].Plus(alpha.view(-1, 1, 1, 1) * delta[owners]), targets[owners]);
        }, options.MaxBatch);
        var attribution = delta * gradients;

        using var _ = no_grad();
        var gain = TargetLogits(extractor, embeddings, targets) - TargetLogits(extractor, baseline.contiguous(), targets);
        var gaps = (attribution.sum([1, 2, 3]) - gain).abs();
        var (gap, scale) = (gaps.mean().item<float>(), gain.abs().mean().item<float>());
        var gridGaps = gaps.cpu().to(ScalarType.Float64).data<double>().ToArray();
        var gridGains = gain.abs().cpu().to(ScalarType.Float64).data<double>().ToArray();
        var gridCompleteness = gridGaps.Zip(gridGains, (g, s) => s > 0 ? g / s : g).ToArray();
        return (Reduce(attribution, options), scale > 0 ? gap / scale : gap, gridCompleteness);
    }

    /// <summary>
    /// f_y(e) − f_y(e with position p replaced by the neutral token), for every position: one batched
    /// forward pass of all H·W occlusions per grid (a whole batch of them would not fit at VQGAN sizes).
    /// </summary>
    static Tensor Occlusion(Module<Tensor, Tensor> extractor, Tensor embeddings, Tensor targets, Tensor neutral, ImportanceOptions options)
    {
        using var _ = no_grad();
        var (b, d, h, w) = (embeddings.shape[0], embeddings.shape[1], embeddings.shape[2], embeddings.shape[3]);
        var positions = h * w;
        var masks = eye(positions, dtype: ScalarType.Bool, device: embeddings.device).view(positions, 1, h, w); // [HW, 1, H, W]
        var drops = new List<Tensor>();
        for (var i = 0; i < b; i++)
        {
            using var scope = NewDisposeScope();
            var occluded = where(masks, neutral.view(1, d, 1, 1), embeddings[i]); // [HW, D, H, W]
            var target = targets[i].expand(positions);
            var logits = TargetLogits(extractor, occluded, target, options.MaxBatch);
            drops.Add((TargetLogits(extractor, embeddings[i].unsqueeze(0), targets[i].view(1)) - logits).MoveToOuterDisposeScope());
        }
        return stack(drops).view(b, h, w);
    }

    /// <summary>f_y of each grid, without gradients, in chunks.</summary>
    public static Tensor TargetLogits(Module<Tensor, Tensor> extractor, Tensor embeddings, Tensor targets, int maxBatch = 4096)
    {
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < embeddings.shape[0]; start += maxBatch)
        {
            var length = Math.Min(maxBatch, embeddings.shape[0] - start);
            parts.Add(extractor.call(embeddings.narrow(0, start, length)).gather(1, targets.narrow(0, start, length).unsqueeze(1)).squeeze(1));
        }
        return cat(parts, 0);
    }
}
