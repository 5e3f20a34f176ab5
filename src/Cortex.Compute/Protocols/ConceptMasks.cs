using Cortex.Compute.Evaluation;
using Cortex.Compute.Models;

namespace Cortex.Compute.Protocols;

/// <summary>
/// The concepts' held-out test images (one group per concept) and what masking a token set there
/// costs the evaluators. Two sets that hit the same ids in a group mask the same positions, so each
/// such masking is judged once — across top_n, token_num, TIS and frequency sets, and extractors
/// that share the test split.
/// </summary>
public sealed class ConceptMasks(IVqModel model, IReadOnlyList<IEvaluator> evaluators, IReadOnlyList<MaskGroup> groups) : IDisposable
{
    readonly MaskedJudge _judge = new(model, evaluators, groups);
    readonly IReadOnlyList<(long[] Tokens, HashSet<long> Present)> _tokens = groups.Select(g =>
    {
        var flat = g.Tokens.cpu().contiguous().data<long>().ToArray();
        return (flat, flat.ToHashSet());
    }).ToList();
    readonly Dictionary<string, MaskedSet> _judged = [];
    readonly int _cells = model.GridSize * model.GridSize;

    public long Images(int group) => groups[group].Tokens.shape[0];

    /// <summary>Each token set's drops when masked wherever its ids sit in its group, and the share of the group's cells it masked.</summary>
    public IReadOnlyList<MaskedSet> Judge(IReadOnlyList<(int Group, IReadOnlyList<long> Set)> requests)
    {
        var keys = requests.Select(r => Key(r.Group, r.Set)).ToList();
        var missing = keys.Select((key, i) => (Key: key, Request: requests[i])).Where(k => !_judged.ContainsKey(k.Key)).DistinctBy(k => k.Key).ToList();
        var jobs = missing.Select(m => new MaskJob(m.Request.Group, PositionsOf(m.Request.Group, m.Request.Set.ToHashSet()))).ToList();
        var drops = _judge.Judge(jobs);
        for (var i = 0; i < missing.Count; i++)
            _judged[missing[i].Key] = new MaskedSet(drops[i], jobs[i].Positions.Average(p => p.Length) / _cells);
        return keys.Select(k => _judged[k]).ToList();
    }

    /// <summary>The group and the set's ids that occur there, sorted: what decides the masked positions.</summary>
    string Key(int group, IReadOnlyList<long> set) => $"{group}:{string.Join(',', set.Where(_tokens[group].Present.Contains).Order())}";

    IReadOnlyList<long[]> PositionsOf(int group, HashSet<long> set)
    {
        var flat = _tokens[group].Tokens;
        return Enumerable.Range(0, flat.Length / _cells)
            .Select(i => Enumerable.Range(0, _cells).Where(p => set.Contains(flat[i * _cells + p])).Select(p => (long)p).ToArray())
            .ToList();
    }

    public void Dispose() => _judge.Dispose();
}

/// <summary>A token set's drops when masked in its group's test images, and the mean share of their cells it covered.</summary>
public sealed record MaskedSet(MaskDrops Drops, double MaskedShare);
