using Cortex.Compute.Concepts;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Models;

namespace Cortex.Compute.Protocols;

/// <summary>Sample-level and concept-level masking (METHOD.md §6), in pixel space and in token space, judged by every evaluator.</summary>
public static class MaskingStage
{
    /// <param name="tokens">[B, H, W] test grids</param>
    /// <param name="classes">[B] the class id the evaluators judge each grid by</param>
    /// <param name="scores">[B, H, W] their TIS maps</param>
    public static SampleLevelReport SampleLevel(IVqModel model, IReadOnlyList<IEvaluator> evaluators, Tensor tokens, Tensor classes, Tensor scores,
        IReadOnlyList<int> ns, int seed)
    {
        var cells = model.GridSize * model.GridSize;
        var bad = ns.Where(n => n < 0 || n > cells).ToList();
        if (bad.Count > 0) throw new ArgumentException($"Masking n must lie in 0..{cells} (the grid's positions); got {string.Join(", ", bad)}.");
        using var originals = EvaluatorScores.Decode(model, tokens);
        var baseline = evaluators.ToDictionary(e => e.Name, e => EvaluatorScores.Probability(e, originals, classes));
        var pixel = evaluators.ToDictionary(e => e.Name, _ => (Tis: new List<double>(), Random: new List<double>()));
        var token = evaluators.ToDictionary(e => e.Name, _ => (Tis: new List<double>(), Random: new List<double>()));
        var maskToken = Importance.NeutralToken.Of(model.Codebook).Token;
        var count = (int)tokens.shape[0];
        foreach (var n in ns)
        {
            using var top = ConceptTokenSet.TopPositions(scores, Math.Max(n, 1));
            var tisPositions = GridPatches.Rows(top).Select(p => p[..n]).ToList();
            var randomPositions = Masking.RandomPositions(count, cells, n, seed + n);
            foreach (var (positions, pick) in new[] { (tisPositions, true), (randomPositions, false) })
            {
                using var pixelMasked = Masking.Pixels(originals, positions, model.GridSize);
                using var tokenMasked = Masking.Tokens(tokens, positions, maskToken);
                using var tokenImages = EvaluatorScores.Decode(model, tokenMasked);
                foreach (var evaluator in evaluators)
                {
                    var before = baseline[evaluator.Name];
                    Add(pixel[evaluator.Name], pick, Drop(before, EvaluatorScores.Probability(evaluator, pixelMasked, classes)));
                    Add(token[evaluator.Name], pick, Drop(before, EvaluatorScores.Probability(evaluator, tokenImages, classes)));
                }
            }
        }
        return new SampleLevelReport(ns, count,
            pixel.ToDictionary(p => p.Key, p => new DropCurves(p.Value.Tis, p.Value.Random)),
            token.ToDictionary(p => p.Key, p => new DropCurves(p.Value.Tis, p.Value.Random)));
    }

    /// <summary>
    /// Masks every position whose token is in the concept's token set (from TIS) versus in the
    /// frequency-baseline set of the same size, on the concept's test images; drops averaged over concepts.
    /// </summary>
    public static ConceptLevelReport ConceptLevel(IVqModel model, IReadOnlyList<IEvaluator> evaluators, IReadOnlyList<ConceptCase> concepts,
        IReadOnlyList<int> tokenNums, int topN)
    {
        var maskToken = Importance.NeutralToken.Of(model.Codebook).Token;
        var pixel = evaluators.ToDictionary(e => e.Name, _ => (Tis: new double[tokenNums.Count], Frequency: new double[tokenNums.Count]));
        var token = evaluators.ToDictionary(e => e.Name, _ => (Tis: new double[tokenNums.Count], Frequency: new double[tokenNums.Count]));
        var sets = new Dictionary<string, IReadOnlyList<long>>();
        foreach (var concept in concepts)
        {
            using var originals = EvaluatorScores.Decode(model, concept.TestTokens);
            var baseline = evaluators.ToDictionary(e => e.Name, e => EvaluatorScores.Probability(e, originals, concept.TestClasses));
            for (var t = 0; t < tokenNums.Count; t++)
            {
                var tisSet = ConceptTokenSet.Compute(concept.AllTokens, concept.AllScores, topN, tokenNums[t]).Select(c => c.Token).ToList();
                var frequencySet = FrequencyBaseline.Compute(concept.AllTokens, tisSet.Count).Select(c => c.Token).ToList();
                if (t == tokenNums.Count - 1) sets[concept.Name] = tisSet;
                foreach (var (set, isTis) in new[] { (tisSet, true), (frequencySet, false) })
                {
                    var positions = Masking.PositionsOf(concept.TestTokens, set.ToHashSet());
                    using var pixelMasked = Masking.Pixels(originals, positions, model.GridSize);
                    using var tokenMasked = Masking.Tokens(concept.TestTokens, positions, maskToken);
                    using var tokenImages = EvaluatorScores.Decode(model, tokenMasked);
                    foreach (var evaluator in evaluators)
                    {
                        var before = baseline[evaluator.Name];
                        var pixelDrop = Drop(before, EvaluatorScores.Probability(evaluator, pixelMasked, concept.TestClasses)) / concepts.Count;
                        var tokenDrop = Drop(before, EvaluatorScores.Probability(evaluator, tokenImages, concept.TestClasses)) / concepts.Count;
                        (isTis ? pixel[evaluator.Name].Tis : pixel[evaluator.Name].Frequency)[t] += pixelDrop;
                        (isTis ? token[evaluator.Name].Tis : token[evaluator.Name].Frequency)[t] += tokenDrop;
                    }
                }
            }
        }
        return new ConceptLevelReport(tokenNums, topN,
            pixel.ToDictionary(p => p.Key, p => new ConceptDrops(Round(p.Value.Tis), Round(p.Value.Frequency))),
            token.ToDictionary(p => p.Key, p => new ConceptDrops(Round(p.Value.Tis), Round(p.Value.Frequency))),
            sets);
    }

    static double Drop(double[] before, double[] after) => before.Zip(after, (b, a) => b - a).Average();

    static void Add((List<double> Tis, List<double> Random) curves, bool tis, double value) => (tis ? curves.Tis : curves.Random).Add(Math.Round(value, 4));

    static double[] Round(double[] values) => values.Select(v => Math.Round(v, 4)).ToArray();
}

/// <summary>One concept's inputs to concept-level masking: all its grids with TIS (to build token sets), and its test grids (to mask) with the class id the evaluators judge them by.</summary>
public sealed record ConceptCase(string Name, Tensor AllTokens, Tensor AllScores, Tensor TestTokens, Tensor TestClasses);
