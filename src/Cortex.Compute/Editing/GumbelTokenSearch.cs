using Cortex.Compute.Models;
using Cortex.Compute.Native;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Editing;

/// <summary>
/// Codebook-level explanation (METHOD.md §5): selection logits P over the whole codebook for each
/// region position, Y = hard(softmax((P + Gumbel)/τ)) with the straight-through estimator, e = Y·C,
/// loss = −f_target(e) (+ λ·mean(e²)), Adam on P. Only the region's rows of P exist; the reference's
/// layout (all H·W rows, the others pinned at ±300 with no gradient) is kept for the benchmark.
/// Many source images are optimized together, one P per image.
/// </summary>
public static class GumbelTokenSearch
{
    const double Pinned = 300;

    /// <param name="sourceTokens">[B, H, W]</param>
    /// <param name="target">the extractor's index of the target concept</param>
    public static SearchResult Run(IVqModel model, Module<Tensor, Tensor> extractor, Tensor sourceTokens, int target, EditRegion region,
        SearchOptions options, SearchJudges? judges = null, Action<SearchFrame>? onFrame = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        SearchChecks.Check(model, sourceTokens, region);
        using var frozen = new FrozenExtractor(extractor);
        using var exact = NativeSwitches.ExactInputGradients();
        var device = model.Device;
        var (b, h, w) = ((int)sourceTokens.shape[0], (int)sourceTokens.shape[1], (int)sourceTokens.shape[2]);
        var cells = h * w;
        var codebook = model.Codebook.detach();
        var (k, d) = ((int)codebook.shape[0], (int)codebook.shape[1]);
        using var source = sourceTokens.reshape(b, cells).to(device);
        using var regionIndex = tensor(region.Positions.Select(p => (long)p).ToArray(), device: device);
        using var baseline = codebook.index_select(0, source.flatten()).view(b, cells, d);
        using var generator = new Generator((ulong)options.Seed, device);
        using var selection = InitialLogits(source, regionIndex, k, options.MaterializeAllRows, generator);
        using var rowMask = options.MaterializeAllRows ? zeros(1, cells, 1, device: device).index_fill_(1, regionIndex, 1.0) : null;
        using var optimizer = optim.Adam([selection], options.LearningRate);
        using var tracker = new SearchTracker(model, source.view(b, h, w), options, judges, onFrame);

        Tensor? final = null;
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (rows, chosen) = GumbelSelection.Sample(selection, codebook, options.Temperature, generator); // [B, rows, D], [B, rows]
            var embeddings = options.MaterializeAllRows ? rows : baseline.index_copy(1, regionIndex, rows);
            var grid = embeddings.view(b, h, w, d).permute(0, 3, 1, 2);    // [B, D, H, W]
            var logits = extractor.call(grid);
            var loss = -logits[.., target].mean();
            if (options.EmbeddingPenalty > 0) loss += options.EmbeddingPenalty * grid.pow(2).mean();

            optimizer.zero_grad();
            loss.backward();
            if (rowMask is not null) selection.grad!.mul_(rowMask);
            optimizer.step();

            var tokens = options.MaterializeAllRows ? chosen : source.index_copy(1, regionIndex, chosen);
            if (tracker.WantsFrame(step) || tracker.IsDecodeStep(step))
                tracker.Observe(step, loss.item<float>(), tokens, functional.softmax(logits, 1)[.., target].detach());
            if (step == options.Steps - 1) final = tokens.view(b, h, w).detach().MoveToOuterDisposeScope();
        }
        return new SearchResult(final!, tracker.BestTokens.clone(), tracker.BestProbability, options.Steps);
    }

    /// <summary>Region rows start from N(0, 1); with all rows materialized, the others are one-hot on the source token (±300).</summary>
    static Parameter InitialLogits(Tensor source, Tensor regionIndex, int k, bool allRows, Generator generator)
    {
        var (b, cells, rows) = (source.shape[0], source.shape[1], regionIndex.shape[0]);
        var random = randn([b, allRows ? cells : rows, k], generator: generator, device: source.device);
        if (!allRows) return new Parameter(random);
        var pinned = (functional.one_hot(source, k).to(ScalarType.Float32) * 2 - 1) * Pinned;
        var inRegion = zeros(1, cells, 1, dtype: ScalarType.Bool, device: source.device).index_fill_(1, regionIndex, true);
        return new Parameter(where(inRegion, random, pinned));
    }
}
