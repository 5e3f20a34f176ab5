using Cortex.Compute.Concepts;
using Cortex.Compute.Editing;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Imaging;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Protocols;

/// <summary>
/// Codebook-level explanation on the subject's source→target pairs: in the source image's top TIS
/// positions (for the world's fine-grained neighbours, where the marking lives) or over the whole grid.
/// </summary>
static class CodebookStage
{
    /// <summary>Before/after strips of one pair: source images and the best edits found, CHW in [-1, 1].</summary>
    public sealed record Strip(string Title, IReadOnlyList<float[]> Before, IReadOnlyList<float[]> After);

    /// <param name="testTokensOfConcept">a concept index's test grids [N, H, W]</param>
    public static (CodebookLevelReport Report, IReadOnlyList<Strip> Strips) Run(PaperSubject subject, Module<Tensor, Tensor> extractor,
        Func<int, Tensor> testTokensOfConcept, PaperOptions options, CancellationToken cancellationToken)
    {
        var (model, evaluators) = (subject.Model, subject.Evaluators);
        var perEvaluator = evaluators.ToDictionary(e => e.Name, _ => (Source: new List<double>(), Before: new List<double>(), After: new List<double>()));
        var pairs = new List<CodebookPair>();
        var strips = new List<Strip>();
        var search = new SearchOptions { Steps = options.CodebookSteps, DecodeEvery = options.CodebookDecodeEvery, Seed = options.Seed, FrameEvery = int.MaxValue };
        foreach (var plan in subject.CodebookPairs)
        {
            var (source, target) = (subject.Concepts[plan.Source], subject.Concepts[plan.Target]);
            using var all = testTokensOfConcept(plan.Source);
            using var sources = all.narrow(0, 0, Math.Min(options.CodebookImagesPerPair, all.shape[0]));
            var count = (int)sources.shape[0];
            var judges = new SearchJudges(evaluators, target.ClassId);
            var best = new List<Tensor>();
            var after = evaluators.ToDictionary(e => e.Name, _ => new List<double>());
            foreach (var (regions, batch) in Batches(model, extractor, sources, plan.Source, plan.WholeGrid, options))
            {
                using var result = GumbelTokenSearch.Run(model, extractor, batch, plan.Target, regions, search, judges, cancellationToken: cancellationToken);
                best.Add(result.BestTokens.clone());
                foreach (var (name, probabilities) in result.BestEvaluatorTargetProbability) after[name].AddRange(probabilities);
                batch.Dispose();
            }
            using var bestTokens = cat(best, 0);
            foreach (var tokens in best) tokens.Dispose();
            using var beforeImages = EvaluatorScores.Decode(model, sources);
            using var afterImages = EvaluatorScores.Decode(model, bestTokens);
            using var sourceLabels = TensorMath.Repeated(count, source.ClassId, model.Device);
            using var targetLabels = TensorMath.Repeated(count, target.ClassId, model.Device);
            foreach (var evaluator in evaluators)
            {
                perEvaluator[evaluator.Name].Source.Add(Math.Round(EvaluatorScores.Probability(evaluator, beforeImages, sourceLabels).Average(), 4));
                perEvaluator[evaluator.Name].Before.Add(Math.Round(EvaluatorScores.Probability(evaluator, beforeImages, targetLabels).Average(), 4));
                perEvaluator[evaluator.Name].After.Add(Math.Round(after[evaluator.Name].Average(), 4));
            }
            pairs.Add(new CodebookPair(source.Name, target.Name, plan.Kind,
                plan.WholeGrid ? "whole grid" : $"top {options.CodebookRegionSize} TIS positions of each source image"));
            strips.Add(new Strip($"{source.Name} → {target.Name}", ImageRows.Of(beforeImages), ImageRows.Of(afterImages)));
        }
        var report = new CodebookLevelReport(pairs, options.CodebookSteps, options.CodebookImagesPerPair,
            perEvaluator.ToDictionary(p => p.Key, p => new CodebookProbabilities(p.Value.Source, p.Value.Before, p.Value.After)));
        return (report, strips);
    }

    /// <summary>Region pairs: one search per image, its region its own top TIS positions. Whole-grid pairs: one search for all.</summary>
    static IEnumerable<(EditRegion Region, Tensor Batch)> Batches(IVqModel model, Module<Tensor, Tensor> extractor, Tensor sources, int sourceConcept,
        bool wholeGrid, PaperOptions options)
    {
        if (wholeGrid)
        {
            yield return (EditRegion.Whole(model.GridSize), sources.clone());
            yield break;
        }
        using var labels = TensorMath.Repeated(sources.shape[0], sourceConcept, model.Device);
        using var scores = AttributionStage.Scores(extractor, model, sources, labels, options.Importance);
        using var top = ConceptTokenSet.TopPositions(scores.Scores, options.CodebookRegionSize);
        var rows = GridPatches.Rows(top);
        for (var i = 0; i < rows.Count; i++)
            yield return (new EditRegion(model.GridSize, rows[i].Select(p => (int)p)), sources.narrow(0, i, 1).clone());
    }
}
