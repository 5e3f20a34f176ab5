using Cortex.Compute.Concepts;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Models;

namespace Cortex.Compute.Protocols;

/// <summary>Sample-level and concept-level masking (METHOD.md §6), in pixel space and in token space, judged by every evaluator.</summary>
public static class MaskingStage
{
    /// <summary>Sample-level masking without the reference's top_n marks or an object-cell baseline (the experiment runner's).</summary>
    /// <param name="tokens">[B, H, W] test grids</param>
    /// <param name="classes">[B] the class id the evaluators judge each grid by</param>
    /// <param name="scores">[B, H, W] their TIS maps</param>
    /// <param name="ns">how many positions to mask per image</param>
    public static SampleLevelReport SampleLevel(IVqModel model, IReadOnlyList<IEvaluator> evaluators, Tensor tokens, Tensor classes, Tensor scores,
        IReadOnlyList<int> ns, int seed)
    {
        using var judge = new MaskedJudge(model, evaluators, [new MaskGroup(tokens, classes)]);
        return SampleLevel(judge, evaluators, scores, ns, seed, null, null);
    }

    /// <summary>Sample-level masking of the judge's group 0 (top-n TIS positions against random cells), whose random baselines other extractors' calls on the same judge reuse.</summary>
    /// <param name="scores">[B, H, W] the group's TIS maps</param>
    /// <param name="topN">the reference's top_n grid among <paramref name="ns"/>, for the report</param>
    /// <param name="objects">each image's object cells [B][H·W], for a random baseline drawn from the object; null where nothing knows the object</param>
    public static SampleLevelReport SampleLevel(MaskedJudge judge, IReadOnlyList<IEvaluator> evaluators, Tensor scores,
        IReadOnlyList<int> ns, int seed, IReadOnlyList<int>? topN, IReadOnlyList<bool[]>? objects)
    {
        var cells = (int)(scores.shape[1] * scores.shape[2]);
        var bad = ns.Where(n => n < 0 || n > cells).ToList();
        if (bad.Count > 0) throw new ArgumentException($"Masking n must lie in 0..{cells} (the grid's positions); got {string.Join(", ", bad)}.");
        var count = (int)scores.shape[0];
        using var top = ConceptTokenSet.TopPositions(scores, Math.Max(ns.DefaultIfEmpty(1).Max(), 1));
        var ranked = GridPatches.Rows(top);
        var kinds = objects is null ? 2 : 3;
        // Job order: per n, TIS, random, then random object cells.
        var jobs = ns.SelectMany(n => new[]
        {
            new MaskJob(0, ranked.Select(p => p[..n]).ToList()),
            new MaskJob(0, Masking.RandomPositions(count, cells, n, seed + n)),
            objects is null ? null : new MaskJob(0, Masking.ObjectFirstPositions(objects, n, seed + n)),
        }.OfType<MaskJob>()).ToList();
        var drops = judge.Judge(jobs);
        DropCurves Curves(Func<MaskDrops, Drop> pick)
        {
            IReadOnlyList<double> Row(int kind, Func<Drop, double> value) => Enumerable.Range(0, ns.Count).Select(i => Math.Round(value(pick(drops[i * kinds + kind])), 4)).ToList();
            return new DropCurves(Row(0, d => d.Probability), Row(1, d => d.Probability), Row(0, d => d.Logit), Row(1, d => d.Logit))
            {
                ObjectRandomDrop = objects is null ? null : Row(2, d => d.Probability),
                ObjectRandomLogitDrop = objects is null ? null : Row(2, d => d.Logit),
            };
        }
        return new SampleLevelReport(ns, topN ?? [], count,
            objects is null ? null : Math.Round(objects.Average(o => o.Count(c => c)), 2),
            evaluators.ToDictionary(e => e.Name, e => Curves(d => d.Pixel[e.Name])),
            evaluators.ToDictionary(e => e.Name, e => Curves(d => d.Token[e.Name])));
    }

    /// <summary>
    /// For every (top_n, token_num): each concept's token set built from its training images' TIS, and the
    /// frequency-baseline set of the same size, masked wherever their ids sit in the concept's held-out
    /// test images; drops averaged over concepts (each concept weighs the same).
    /// </summary>
    /// <param name="masks">the concepts' held-out test images, one group per concept, in the order of <paramref name="concepts"/></param>
    public static ConceptLevelReport ConceptLevel(IReadOnlyList<IEvaluator> evaluators, ConceptMasks masks, IReadOnlyList<ConceptCase> concepts,
        IReadOnlyList<int> topNs, IReadOnlyList<int> tokenNums)
    {
        if (concepts.Count == 0) throw new ArgumentException("Concept-level masking needs at least one concept with training and test images.");
        var cells = concepts[0].TrainScores.shape[1] * concepts[0].TrainScores.shape[2];
        var bad = topNs.Where(n => n < 1 || n > cells).ToList();
        if (bad.Count > 0) throw new ArgumentException($"top_n must lie in 1..{cells} (the grid's positions); got {string.Join(", ", bad)}.");
        var (maxTopN, maxTokenNum) = (topNs.Max(), tokenNums.Max());
        var sets = concepts.Select(c =>
        {
            var ranked = TopTokens(c.TrainTokens, c.TrainScores, maxTopN);
            var tis = topNs.Select(topN => ConceptTokenSet.Count(ranked.SelectMany(r => r[..topN]), maxTokenNum).Select(t => t.Token).ToList()).ToList();
            var frequency = FrequencyBaseline.Compute(c.TrainTokens, maxTokenNum).Select(t => t.Token).ToList();
            return (Tis: tis, Frequency: frequency);
        }).ToList();

        // Job order: concept, top_n, token_num, then the TIS set and its frequency baseline of the same size.
        var requests = new List<(int Group, IReadOnlyList<long> Set)>();
        for (var k = 0; k < concepts.Count; k++)
        for (var a = 0; a < topNs.Count; a++)
        foreach (var tokenNum in tokenNums)
        {
            var tis = sets[k].Tis[a].Take(tokenNum).ToList();
            requests.Add((concepts[k].Group, tis));
            requests.Add((concepts[k].Group, sets[k].Frequency.Take(tis.Count).ToList()));
        }
        var results = masks.Judge(requests);

        T[][] Grid<T>(Func<int, int, T> cell) => topNs.Select((_, a) => tokenNums.Select((_, b) => cell(a, b)).ToArray()).ToArray();
        int Index(int k, int a, int b, int kind) => ((k * topNs.Count + a) * tokenNums.Count + b) * 2 + kind;
        IReadOnlyList<IReadOnlyList<double>> Mean(Func<int, double> value, int kind) =>
            Grid((a, b) => Math.Round(Enumerable.Range(0, concepts.Count).Average(k => value(Index(k, a, b, kind))), 4));
        ConceptDrops Drops(Func<MaskDrops, Drop> pick) => new(
            Mean(i => pick(results[i].Drops).Probability, 0), Mean(i => pick(results[i].Drops).Probability, 1),
            Mean(i => pick(results[i].Drops).Logit, 0), Mean(i => pick(results[i].Drops).Logit, 1));

        return new ConceptLevelReport(topNs, tokenNums,
            concepts.ToDictionary(c => c.Name, c => new ConceptSplit((int)c.TrainTokens.shape[0], (int)masks.Images(c.Group))),
            concepts.Sum(c => (int)c.TrainTokens.shape[0]), concepts.Sum(c => (int)masks.Images(c.Group)),
            Mean(i => requests[i].Set.Count, 0),
            Mean(i => results[i].MaskedShare, 0), Mean(i => results[i].MaskedShare, 1),
            evaluators.ToDictionary(e => e.Name, e => Drops(d => d.Pixel[e.Name])),
            evaluators.ToDictionary(e => e.Name, e => Drops(d => d.Token[e.Name])),
            concepts.Select((c, k) => (c.Name, Set: (IReadOnlyList<long>)sets[k].Tis[^1])).ToDictionary(s => s.Name, s => s.Set));
    }

    /// <summary>Each image's tokens at its top-n TIS positions, best first.</summary>
    static IReadOnlyList<long[]> TopTokens(Tensor tokens, Tensor scores, int n)
    {
        using var top = ConceptTokenSet.TopPositions(scores, n);
        using var picked = tokens.flatten(1).gather(1, top);
        return GridPatches.Rows(picked);
    }
}

/// <summary>One concept's inputs to concept-level masking: its training grids with their TIS maps (to build token sets) and the group of its held-out test grids in <see cref="ConceptMasks"/>.</summary>
public sealed record ConceptCase(string Name, Tensor TrainTokens, Tensor TrainScores, int Group);
