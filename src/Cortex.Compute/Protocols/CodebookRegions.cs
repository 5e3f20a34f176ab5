using Cortex.Compute.Concepts;
using Cortex.Compute.Editing;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Protocols;

/// <summary>
/// Where a codebook-level edit may change tokens. A region pair edits each source image in its own top
/// positions of the TIS of f_target − f_source (<see cref="ContrastLogit"/>): the source's own TIS ranks the
/// tokens that make it its class among all classes — the object's outline and the background as much as
/// the marking — while the contrast ranks the tokens that decide between the two concepts, which for
/// fine-grained neighbours is where the marking lives. A whole-grid pair edits every position.
/// </summary>
public static class CodebookRegions
{
    public static string Describe(CodebookPlan plan, int size) =>
        plan.WholeGrid ? "whole grid" : $"top {size} TIS positions of each source image for the target's logit minus the source's";

    /// <param name="sources">[B, H, W] token grids of the source concept</param>
    public static IReadOnlyList<EditRegion> Of(IVqModel model, Module<Tensor, Tensor> extractor, Tensor sources, CodebookPlan plan, int size,
        ImportanceOptions importance)
    {
        var count = (int)sources.shape[0];
        if (plan.WholeGrid) return Enumerable.Repeat(EditRegion.Whole(model.GridSize), count).ToList();
        extractor.eval();
        using var contrast = new ContrastLogit(extractor, plan.Source, plan.Target);
        using var only = TensorMath.Repeated(count, 0, model.Device);
        using var scores = AttributionStage.Scores(contrast, model, sources, only, importance);
        using var top = ConceptTokenSet.TopPositions(scores.Scores, size);
        return GridPatches.Rows(top).Select(row => new EditRegion(model.GridSize, row.Select(p => (int)p))).ToList();
    }
}
