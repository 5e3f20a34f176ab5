using Cortex.Compute.Concepts;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using Cortex.Compute.World;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Protocols;

/// <summary>Comparing the attribution methods: deletion curves and localization against ground truth (the randomization check is <see cref="SanityStage"/>).</summary>
public static class AttributionStage
{
    public static ImportanceResult Scores(Module<Tensor, Tensor> extractor, IVqModel model, Tensor tokens, Tensor labels, ImportanceOptions options)
    {
        using var embeddings = model.Embed(tokens);
        using var neutral = NeutralToken.Of(model.Codebook).Embedding;
        return TokenImportance.Compute(extractor, embeddings, labels, neutral, options);
    }

    /// <summary>Deletion-curve area per method (and for random order); lower is more faithful.</summary>
    /// <param name="targets">the extractor's concept index of each grid (for TIS)</param>
    /// <param name="classes">the evaluators' class of each grid (for the curves)</param>
    public static (Dictionary<string, double> Auc, Dictionary<string, DeletionCurve> Curves) Deletion(IVqModel model, IReadOnlyList<IEvaluator> evaluators,
        Module<Tensor, Tensor> extractor, Tensor tokens, Tensor targets, Tensor classes, ImportanceOptions baseOptions, int points, int seed)
    {
        var neutralToken = NeutralToken.Of(model.Codebook).Token;
        var cells = model.GridSize * model.GridSize;
        var curves = new Dictionary<string, DeletionCurve>();
        foreach (var method in Enum.GetValues<ImportanceMethod>())
        {
            using var scores = Scores(extractor, model, tokens, targets, baseOptions with { Method = method });
            using var order = ConceptTokenSet.TopPositions(scores.Scores, cells);
            curves[ImportanceNames.Name(method)] = DeletionCurve.Measure(model, evaluators, tokens, classes, GridPatches.Rows(order), neutralToken, points);
        }
        curves["random"] = DeletionCurve.Measure(model, evaluators, tokens, classes,
            Masking.RandomPositions((int)tokens.shape[0], cells, cells, seed), neutralToken, points);
        return (curves.ToDictionary(c => c.Key, c => Math.Round(c.Value.Area, 4)), curves);
    }

    /// <summary>Precision of each method's top-k positions on the concept's ground-truth region (marking for fine-grained classes).</summary>
    public static LocalizationReport Localize(IVqModel model, Module<Tensor, Tensor> extractor, Tensor tokens, Tensor labels,
        IReadOnlyList<RenderedImage> truth, ImportanceOptions baseOptions, int k)
    {
        var masks = truth.Select(t => ClassTable.All[t.ClassId].Marking == Marking.None ? t.ObjectMask : t.MarkingMask).ToList();
        var precision = new Dictionary<string, double>();
        double random = 0;
        foreach (var method in Enum.GetValues<ImportanceMethod>())
        {
            using var scores = Scores(extractor, model, tokens, labels, baseOptions with { Method = method });
            using var top = ConceptTokenSet.TopPositions(scores.Scores, k);
            var (methodPrecision, randomPrecision) = Localization.Measure(GridPatches.Rows(top), masks, model.GridSize, model.ImageSize);
            precision[ImportanceNames.Name(method)] = Math.Round(methodPrecision, 4);
            random = randomPrecision;
        }
        return new LocalizationReport(k, truth.Count, precision, Math.Round(random, 4));
    }
}
