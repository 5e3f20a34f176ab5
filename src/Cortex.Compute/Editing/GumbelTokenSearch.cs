using Cortex.Compute.Models;
using Cortex.Compute.Training;
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
        using var context = new SearchContext(model, extractor, sourceTokens, region, options);
        using var generator = new Generator((ulong)options.Seed, model.Device);
        using var selection = InitialLogits(context, options.MaterializeAllRows, generator);
        using var rowMask = options.MaterializeAllRows ? zeros(1, context.Cells, 1, device: model.Device).IndexFill_(1, context.RegionIndex, 1.0) : null;
        using var optimizer = AdamOptimizer.WithL2([selection], options.LearningRate);
        using var tracker = new SearchTracker(model, context.Source.view(context.Batch, context.Grid, context.Grid), options, judges, onFrame);

        Tensor? final = null;
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (rows, chosen) = GumbelSelection.Sample(selection, context.Codebook, options.Temperature, generator); // [B, rows, D], [B, rows]
            var grid = context.ToGrid(options.MaterializeAllRows ? rows : context.Baseline.index_copy(1, context.RegionIndex, rows));
            var logits = extractor.call(grid);
            var loss = -logits[.., target].mean();
            if (options.EmbeddingPenalty > 0) loss = loss.Plus(grid.Pow(2).mean(), options.EmbeddingPenalty);

            optimizer.ZeroGrad();
            loss.backward();
            if (rowMask is not null) selection.grad!.mul_(rowMask);
            optimizer.Step();

            var tokens = options.MaterializeAllRows ? chosen : context.Source.index_copy(1, context.RegionIndex, chosen);
            if (tracker.WantsFrame(step) || tracker.IsDecodeStep(step))
                tracker.Observe(step, loss.item<float>(), tokens, functional.softmax(logits, 1)[.., target].detach());
            if (step == options.Steps - 1) final = tokens.view(context.Batch, context.Grid, context.Grid).detach().MoveToOuterDisposeScope();
        }
        return new SearchResult(final!, tracker.BestTokens.clone(), tracker.BestProbability, options.Steps);
    }

    /// <summary>Region rows start from N(0, 1); with all rows materialized, the others are one-hot on the source token (±300).</summary>
    static Parameter InitialLogits(SearchContext context, bool allRows, Generator generator)
    {
        var k = context.Codebook.shape[0];
        var device = context.Source.device;
        var random = DeviceRandom.Normal([context.Batch, allRows ? context.Cells : context.RegionIndex.shape[0], k], generator, device);
        if (!allRows) return new Parameter(random);
        var pinned = functional.one_hot(context.Source, k).to(ScalarType.Float32).Times(2).Minus(1).Times(Pinned);
        var inRegion = zeros(1, context.Cells, 1, dtype: ScalarType.Bool, device: device).IndexFill_(1, context.RegionIndex, true);
        return new Parameter(where(inRegion, random, pinned));
    }
}
