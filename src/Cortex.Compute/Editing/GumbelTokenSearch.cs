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
/// Many source images are optimized in one forward and backward per step, each in its own region:
/// the loss sums the images' losses and Adam is elementwise, so no image's steps depend on another's,
/// and image i draws its initial P and its noise from its own stream (seed + i) — a batch gives every
/// image what a search of that image alone with that seed gives.
/// </summary>
public static class GumbelTokenSearch
{
    const double Pinned = 300;

    /// <param name="sourceTokens">[B, H, W]</param>
    /// <param name="target">the extractor's index of the target concept</param>
    /// <param name="region">the positions every image may change</param>
    public static SearchResult Run(IVqModel model, Module<Tensor, Tensor> extractor, Tensor sourceTokens, int target, EditRegion region,
        SearchOptions options, SearchJudges? judges = null, Action<SearchFrame>? onFrame = null, CancellationToken cancellationToken = default) =>
        Run(model, extractor, sourceTokens, target, Enumerable.Repeat(region, (int)sourceTokens.shape[0]).ToList(), options, judges, onFrame, cancellationToken);

    /// <param name="sourceTokens">[B, H, W]</param>
    /// <param name="target">the extractor's index of the target concept</param>
    /// <param name="regions">one region per image, all of one size</param>
    public static SearchResult Run(IVqModel model, Module<Tensor, Tensor> extractor, Tensor sourceTokens, int target, IReadOnlyList<EditRegion> regions,
        SearchOptions options, SearchJudges? judges = null, Action<SearchFrame>? onFrame = null, CancellationToken cancellationToken = default)
    {
        using var context = new SearchContext(model, extractor, sourceTokens, regions, options);
        var generators = Enumerable.Range(0, context.Batch).Select(i => new Generator((ulong)(options.Seed + i), model.Device)).ToList();
        try
        {
            using var selection = InitialLogits(context, options.MaterializeAllRows, generators);
            using var rowMask = options.MaterializeAllRows ? context.RegionMask().unsqueeze(-1).to(ScalarType.Float32) : null;
            using var optimizer = AdamOptimizer.WithL2([selection], options.LearningRate);
            using var tracker = new SearchTracker(model, context.Source.view(context.Batch, context.Grid, context.Grid), options, judges, onFrame);

            Tensor? final = null;
            for (var step = 0; step < options.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var (rows, chosen) = GumbelSelection.Sample(selection, context.Codebook, options.Temperature, generators); // [B, rows, D], [B, rows]
                var grid = context.ToGrid(options.MaterializeAllRows ? rows : context.PlaceRows(rows));
                var logits = extractor.call(grid);
                var loss = SearchLoss.Of(logits, grid, target, options.EmbeddingPenalty);

                optimizer.ZeroGrad();
                loss.backward();
                if (rowMask is not null) selection.grad!.mul_(rowMask);
                optimizer.Step();

                var tokens = options.MaterializeAllRows ? chosen : context.PlaceTokens(chosen);
                if (tracker.WantsFrame(step) || tracker.IsDecodeStep(step))
                    tracker.Observe(step, loss.item<float>() / context.Batch, tokens, functional.softmax(logits, 1)[.., target].detach());
                if (step == options.Steps - 1) final = tokens.view(context.Batch, context.Grid, context.Grid).detach().MoveToOuterDisposeScope();
            }
            return new SearchResult(final!, tracker.BestTokens.clone(), tracker.BestProbability, options.Steps);
        }
        finally
        {
            foreach (var generator in generators) generator.Dispose();
        }
    }

    /// <summary>Region rows start from N(0, 1), image i's from its own stream; with all rows materialized, the others are one-hot on the source token (±300).</summary>
    static Parameter InitialLogits(SearchContext context, bool allRows, IReadOnlyList<Generator> generators)
    {
        var k = context.Codebook.shape[0];
        var device = context.Source.device;
        using var random = PerImage.Draw(generators, [allRows ? context.Cells : context.RegionSize, k], device, DeviceRandom.Normal);
        if (!allRows) return new Parameter(random.clone());
        using var pinned = functional.one_hot(context.Source, k).to(ScalarType.Float32).Times(2).Minus(1).Times(Pinned);
        using var inRegion = context.RegionMask().unsqueeze(-1);
        return new Parameter(where(inRegion, random, pinned));
    }
}
