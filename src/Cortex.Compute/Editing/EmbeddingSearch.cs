using Cortex.Compute.Models;
using Cortex.Compute.Training;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Editing;

/// <summary>
/// The embedding-space variant of codebook-level explanation: optimize the region's embeddings
/// directly (from the source's), loss = −f_target(e) (+ λ·mean(e²)), then snap every region row to its
/// nearest codebook entry. Frames and decodes show the snapped tokens. Like the Gumbel search, many
/// images go in one step, each in its own region, each unaffected by the others.
/// </summary>
public static class EmbeddingSearch
{
    /// <param name="region">the positions every image may change</param>
    public static SearchResult Run(IVqModel model, Module<Tensor, Tensor> extractor, Tensor sourceTokens, int target, EditRegion region,
        SearchOptions options, SearchJudges? judges = null, Action<SearchFrame>? onFrame = null, CancellationToken cancellationToken = default) =>
        Run(model, extractor, sourceTokens, target, Enumerable.Repeat(region, (int)sourceTokens.shape[0]).ToList(), options, judges, onFrame, cancellationToken);

    /// <param name="regions">one region per image, all of one size</param>
    public static SearchResult Run(IVqModel model, Module<Tensor, Tensor> extractor, Tensor sourceTokens, int target, IReadOnlyList<EditRegion> regions,
        SearchOptions options, SearchJudges? judges = null, Action<SearchFrame>? onFrame = null, CancellationToken cancellationToken = default)
    {
        using var context = new SearchContext(model, extractor, sourceTokens, regions, options);
        using var rows = new Parameter(context.RegionRows().clone());
        using var optimizer = AdamOptimizer.WithL2([rows], options.LearningRate);
        using var tracker = new SearchTracker(model, context.Source.view(context.Batch, context.Grid, context.Grid), options, judges, onFrame);

        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var grid = context.ToGrid(context.PlaceRows(rows));
            var logits = extractor.call(grid);
            var loss = SearchLoss.Of(logits, grid, target, options.EmbeddingPenalty);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            if (tracker.WantsFrame(step) || tracker.IsDecodeStep(step))
                tracker.Observe(step, loss.item<float>() / context.Batch, Snap(context, rows), functional.softmax(logits, 1)[.., target].detach());
        }
        using var final = Snap(context, rows);
        return new SearchResult(final.view(context.Batch, context.Grid, context.Grid).clone(), tracker.BestTokens.clone(), tracker.BestProbability, options.Steps);
    }

    /// <summary>The source grids with each region row replaced by the id of its nearest codebook entry, [B, H·W].</summary>
    static Tensor Snap(SearchContext context, Tensor rows)
    {
        using var _ = no_grad();
        var nearest = cdist(rows.detach().reshape(-1, context.Dim), context.Codebook).argmin(1).view(rows.shape[0], rows.shape[1]);
        return context.PlaceTokens(nearest);
    }
}
