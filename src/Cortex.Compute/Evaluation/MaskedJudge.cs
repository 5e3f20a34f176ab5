using Cortex.Compute.Models;

namespace Cortex.Compute.Evaluation;

/// <summary>Images to mask: token grids [b, H, W] and the class id [b] the evaluators judge each by.</summary>
public sealed record MaskGroup(Tensor Tokens, Tensor Classes);

/// <summary>One masking to judge: the positions [b][n] removed from each image of group <see cref="Group"/>.</summary>
public sealed record MaskJob(int Group, IReadOnlyList<long[]> Positions);

/// <summary>How much masking lowered an evaluator's probability and logit of the true class, averaged over the images.</summary>
public sealed record Drop(double Probability, double Logit);

/// <summary>A masking's drops per evaluator, with pixels blacked out and with tokens replaced.</summary>
public sealed record MaskDrops(IReadOnlyDictionary<string, Drop> Pixel, IReadOnlyDictionary<string, Drop> Token);

/// <summary>
/// Judges many maskings of the same images: the originals are decoded and judged once, and the
/// masked images of many jobs are stacked into batches of <see cref="Batch"/> so that decoder and
/// evaluators run few, full forward passes.
/// </summary>
public sealed class MaskedJudge : IDisposable
{
    const int Batch = 512;

    readonly IVqModel _model;
    readonly IReadOnlyList<IEvaluator> _evaluators;
    readonly IReadOnlyList<MaskGroup> _groups;
    readonly List<Tensor> _originals;
    readonly List<Dictionary<string, ClassScores>> _before;
    readonly long _maskToken;

    public MaskedJudge(IVqModel model, IReadOnlyList<IEvaluator> evaluators, IReadOnlyList<MaskGroup> groups)
    {
        (_model, _evaluators, _groups) = (model, evaluators, groups);
        _originals = groups.Select(g => EvaluatorScores.Decode(model, g.Tokens)).ToList();
        _before = groups.Select((g, i) => evaluators.ToDictionary(e => e.Name, e => EvaluatorScores.Judge(e, _originals[i], g.Classes))).ToList();
        _maskToken = Importance.NeutralToken.Of(model.Codebook).Token;
    }

    /// <summary>Group <paramref name="group"/>'s images decoded, [b, 3, S, S].</summary>
    public Tensor Originals(int group) => _originals[group];

    public IReadOnlyList<MaskDrops> Judge(IReadOnlyList<MaskJob> jobs)
    {
        var bad = jobs.FirstOrDefault(j => j.Positions.Count != _groups[j.Group].Tokens.shape[0]);
        if (bad is not null) throw new ArgumentException($"A masking of group {bad.Group} gives positions for {bad.Positions.Count} images; the group has {_groups[bad.Group].Tokens.shape[0]}.");
        var results = new List<MaskDrops>(jobs.Count);
        var start = 0;
        while (start < jobs.Count)
        {
            // At least one job per batch, then as many as fit.
            var (end, images) = (start + 1, jobs[start].Positions.Count);
            while (end < jobs.Count && images + jobs[end].Positions.Count <= Batch) images += jobs[end++].Positions.Count;
            results.AddRange(JudgeBatch(jobs.Skip(start).Take(end - start).ToList()));
            start = end;
        }
        return results;
    }

    List<MaskDrops> JudgeBatch(IReadOnlyList<MaskJob> jobs)
    {
        using var scope = NewDisposeScope();
        var tokens = cat(jobs.Select(j => Masking.Tokens(_groups[j.Group].Tokens, j.Positions, _maskToken)).ToList(), 0);
        var pixels = cat(jobs.Select(j => Masking.Pixels(_originals[j.Group], j.Positions, _model.GridSize)).ToList(), 0);
        var classes = cat(jobs.Select(j => _groups[j.Group].Classes).ToList(), 0);
        var decoded = EvaluatorScores.Decode(_model, tokens);
        var after = _evaluators.ToDictionary(e => e.Name, e => (Pixel: EvaluatorScores.Judge(e, pixels, classes), Token: EvaluatorScores.Judge(e, decoded, classes)));
        var (offset, drops) = (0, new List<MaskDrops>(jobs.Count));
        foreach (var job in jobs)
        {
            var (from, count) = (offset, job.Positions.Count);
            offset += count;
            Drop DropOf(string evaluator, ClassScores masked)
            {
                var before = _before[job.Group][evaluator];
                return new Drop(MeanDrop(before.Probability, masked.Probability, from, count), MeanDrop(before.Logit, masked.Logit, from, count));
            }
            drops.Add(new MaskDrops(after.ToDictionary(a => a.Key, a => DropOf(a.Key, a.Value.Pixel)), after.ToDictionary(a => a.Key, a => DropOf(a.Key, a.Value.Token))));
        }
        return drops;
    }

    static double MeanDrop(double[] before, double[] after, int from, int count) =>
        count == 0 ? 0 : Enumerable.Range(0, count).Average(i => before[i] - after[from + i]);

    public void Dispose()
    {
        foreach (var images in _originals) images.Dispose();
    }
}
