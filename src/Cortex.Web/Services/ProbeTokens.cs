using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>The replacement tokens a probe offers first: the image's concept's tokens.</summary>
public static class ProbeTokens
{
    public const int Offered = 12;

    /// <summary>
    /// The concept's token set when the run computed one (concept level); otherwise the tokens most often among the top-n
    /// TIS positions of the concept's images — the same count the token set makes, over the stored maps.
    /// </summary>
    public static IReadOnlyList<long> OfConcept(ExperimentDocument experiment, SaliencyData data, int concept)
    {
        var name = data.Concepts[concept];
        if (experiment.Summary?.TokenSets.GetValueOrDefault(name) is { Count: > 0 } set) return [.. set.Select(t => t.Token).Take(Offered)];
        var topN = Math.Max(1, experiment.Parameters.TopN);
        return [.. SaliencyStats.ImagesOf(data, concept)
            .SelectMany(i => SaliencyStats.TopPositions(data.Tis[i], topN).Select(p => data.Tokens[i][p]))
            .GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).Take(Offered)];
    }
}
