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
/// Judges many maskings of the same images: the originals are decoded and judged once, the masked
/// images of many jobs are stacked into batches of <see cref="Batch"/> so that decoder and evaluators
/// run few, full forward passes, and a masking asked for again (the same positions of the same group:
/// a random baseline shared by several extractors, two token sets that hit the same cells) is judged once.
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
    readonly Dictionary<string, MaskDrops> _judged = [];

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
        var keys = jobs.Select(Key).ToList();
        var missing = jobs.Select((job, i) => (Job: job, Key: keys[i])).Where(j => !_judged.ContainsKey(j.Key)).DistinctBy(j => j.Key).ToList();
        var start = 0;
        while (start < missing.Count)
        {
            // At least one job per batch, then as many as fit.
            var (end, images) = (start + 1, missing[start].Job.Positions.Count);
            while (end < missing.Count && images + missing[end].Job.Positions.Count <= Batch) images += missing[end++].Job.Positions.Count;
            var batch = missing.Skip(start).Take(end - start).ToList();
            foreach (var (job, drops) in batch.Zip(JudgeBatch(batch.Select(b => b.Job).ToList()))) _judged[job.Key] = drops;
            start = end;
        }
        return keys.Select(k => _judged[k]).ToList();
    }

    /// <summary>The group and each image's positions, sorted: what decides the masked images.</summary>
    static string Key(MaskJob job) => $"{job.Group}|{string.Join('|', job.Positions.Select(p => string.Join(',', p.Order())))}";

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
