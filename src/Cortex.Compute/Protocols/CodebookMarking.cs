using Cortex.Compute.Concepts;
using Cortex.Compute.Editing;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Protocols;

/// <summary>
/// How much of a fine-grained pair's edit region lies on the sources' marking, and how much the source's
/// own TIS (the rule before the contrast) would have put there: a measurement for the report only, read
/// from the decoded sources by colour (<see cref="MarkingPixels"/>) after the regions are fixed.
/// </summary>
static class CodebookMarking
{
    public const string Read = "marking pixels read from each decoded source by colour (the world's marking white); a region cell is on the marking when its patch holds one";

    public static RegionOnMarking Measure(IVqModel model, Module<Tensor, Tensor> extractor, Tensor sources, IReadOnlyList<EditRegion> regions, CodebookPlan plan,
        int size, ImportanceOptions importance)
    {
        var count = (int)sources.shape[0];
        IReadOnlyList<bool[]> onMarking;
        using (var images = EvaluatorScores.Decode(model, sources))
            onMarking = MarkingPixels.Read(images).Select(m => Localization.OnTarget(m, model.GridSize, model.ImageSize, LocalizationCriterion.Touches)).ToList();
        using var labels = TensorMath.Repeated(count, plan.Source, model.Device);
        using var own = AttributionStage.Scores(extractor, model, sources, labels, importance);
        using var ownTop = ConceptTokenSet.TopPositions(own.Scores, size);
        var (onContrast, coveredContrast) = Shares(regions.Select(r => r.Positions.Select(p => (long)p).ToArray()).ToList(), onMarking);
        var (onOwn, coveredOwn) = Shares(GridPatches.Rows(ownTop), onMarking);
        return new RegionOnMarking(Read, Math.Round(onMarking.Average(m => m.Count(on => on)), 2), onContrast, coveredContrast, onOwn, coveredOwn);
    }

    /// <summary>The mean share of each region's cells that are on the marking, and of each image's marking cells that the region holds.</summary>
    public static (double OnMarking, double Covered) Shares(IReadOnlyList<long[]> regions, IReadOnlyList<bool[]> onMarking)
    {
        var covered = regions.Select((r, i) => onMarking[i].Count(on => on) is var cells and > 0 ? r.Count(p => onMarking[i][p]) / (double)cells : 0).Average();
        return (Math.Round(Localization.Precision(regions, onMarking).Average(), 4), Math.Round(covered, 4));
    }
}
