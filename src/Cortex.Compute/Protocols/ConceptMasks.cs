using Cortex.Compute.Evaluation;
using Cortex.Compute.Models;

namespace Cortex.Compute.Protocols;

/// <summary>
/// The concepts' held-out test images (one group per concept) and what masking a token set there
/// costs the evaluators. Sets that hit the same cells of a group are judged once (see <see cref="MaskedJudge"/>) —
/// across top_n, token_num, TIS and frequency sets, and extractors that share the test split.
/// </summary>
public sealed class ConceptMasks(IVqModel model, IReadOnlyList<IEvaluator> evaluators, IReadOnlyList<MaskGroup> groups) : IDisposable
{
    readonly MaskedJudge _judge = new(model, evaluators, groups);
    readonly IReadOnlyList<long[]> _tokens = groups.Select(g => g.Tokens.cpu().contiguous().data<long>().ToArray()).ToList();
    readonly int _cells = model.GridSize * model.GridSize;

    public long Images(int group) => groups[group].Tokens.shape[0];

    /// <summary>Each token set's drops when masked wherever its ids sit in its group, and the share of the group's cells it masked.</summary>
    public IReadOnlyList<MaskedSet> Judge(IReadOnlyList<(int Group, IReadOnlyList<long> Set)> requests)
    {
        var jobs = requests.Select(r => new MaskJob(r.Group, PositionsOf(r.Group, r.Set.ToHashSet()))).ToList();
        var drops = _judge.Judge(jobs);
        return jobs.Select((job, i) => new MaskedSet(drops[i], job.Positions.Average(p => p.Length) / _cells)).ToList();
    }

    IReadOnlyList<long[]> PositionsOf(int group, HashSet<long> set)
    {
        var flat = _tokens[group];
        return Enumerable.Range(0, flat.Length / _cells)
            .Select(i => Enumerable.Range(0, _cells).Where(p => set.Contains(flat[i * _cells + p])).Select(p => (long)p).ToArray())
            .ToList();
    }

    public void Dispose() => _judge.Dispose();
}

/// <summary>A token set's drops when masked in its group's test images, and the mean share of their cells it covered.</summary>
public sealed record MaskedSet(MaskDrops Drops, double MaskedShare);
