using Cortex.Compute.Models;
using Cortex.Compute.Native;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Editing;

/// <summary>
/// The embedding-space variant of codebook-level explanation: optimize the region's embeddings
/// directly (from the source's), loss = −f_target(e) (+ λ·mean(e²)), then snap every region row to its
/// nearest codebook entry. Frames and decodes show the snapped tokens.
/// </summary>
public static class EmbeddingSearch
{
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
        var d = (int)codebook.shape[1];
        using var source = sourceTokens.reshape(b, cells).to(device);
        using var regionIndex = tensor(region.Positions.Select(p => (long)p).ToArray(), device: device);
        using var baseline = codebook.index_select(0, source.flatten()).view(b, cells, d);
        using var rows = new Parameter(baseline.index_select(1, regionIndex).clone());
        using var optimizer = optim.Adam([rows], options.LearningRate);
        using var tracker = new SearchTracker(model, source.view(b, h, w), options, judges, onFrame);

        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var grid = baseline.index_copy(1, regionIndex, rows).view(b, h, w, d).permute(0, 3, 1, 2);
            var logits = extractor.call(grid);
            var loss = -logits[.., target].mean();
            if (options.EmbeddingPenalty > 0) loss += options.EmbeddingPenalty * grid.pow(2).mean();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            if (tracker.WantsFrame(step) || tracker.IsDecodeStep(step))
                tracker.Observe(step, loss.item<float>(), Snap(codebook, source, regionIndex, rows), functional.softmax(logits, 1)[.., target].detach());
        }
        using var final = Snap(codebook, source, regionIndex, rows);
        return new SearchResult(final.view(b, h, w).clone(), tracker.BestTokens.clone(), tracker.BestProbability, options.Steps);
    }

    /// <summary>The source grids with each region row replaced by the id of its nearest codebook entry, [B, H·W].</summary>
    static Tensor Snap(Tensor codebook, Tensor source, Tensor regionIndex, Tensor rows)
    {
        using var _ = no_grad();
        var flat = rows.detach().reshape(-1, codebook.shape[1]);
        var nearest = cdist(flat, codebook).argmin(1).view(rows.shape[0], rows.shape[1]);
        return source.index_copy(1, regionIndex, nearest);
    }
}
