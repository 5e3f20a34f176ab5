namespace Cortex.Compute.Evaluation;

/// <summary>A two-sided confidence interval.</summary>
public sealed record ConfidenceInterval(double Low, double High, double Level);

/// <summary>
/// Whether an effect size is more than chance: a permutation test and a percentile bootstrap for
/// Cliff's delta, and Holm's correction when several effects are tested at once. Every draw comes from
/// a seeded generator, so a result is reproducible.
/// </summary>
public static class Significance
{
    /// <summary>
    /// Two-sided permutation test of Cliff's delta: the groups' labels are shuffled
    /// <paramref name="permutations"/> times; p = (1 + #{|δ_perm| ≥ |δ_obs|}) / (1 + permutations),
    /// which counts the observed split as one of the permutations, so p is never 0.
    /// </summary>
    public static double PermutationP(IReadOnlyList<double> xs, IReadOnlyList<double> ys, int seed, int permutations = 2000)
    {
        if (xs.Count == 0 || ys.Count == 0) throw new ArgumentException("A permutation test needs two non-empty groups.");
        if (permutations < 1) throw new ArgumentException($"A permutation test needs at least one permutation, not {permutations}.");
        // δ = 2U/(nm) − 1 with U from the pooled mid-ranks, which a shuffle does not change: each permutation only sums n ranks.
        var ranks = Statistics.Ranks([.. xs, .. ys]);
        var (n, m) = (xs.Count, ys.Count);
        double Delta(double rankSum) => 2 * (rankSum - n * (n + 1) / 2.0) / ((double)n * m) - 1;
        var observed = Math.Abs(Delta(ranks.Take(n).Sum()));
        var random = new Random(seed);
        var extreme = 0;
        for (var p = 0; p < permutations; p++)
        {
            double sum = 0;
            // Partial Fisher–Yates: the first n slots become a uniform random subset.
            for (var i = 0; i < n; i++)
            {
                var j = random.Next(i, ranks.Length);
                (ranks[i], ranks[j]) = (ranks[j], ranks[i]);
                sum += ranks[i];
            }
            // Both deltas come from the same formula; the tolerance only absorbs summation order.
            if (Math.Abs(Delta(sum)) >= observed - 1e-12) extreme++;
        }
        return (1.0 + extreme) / (1.0 + permutations);
    }

    /// <summary>
    /// Percentile bootstrap interval of Cliff's delta: each group is resampled with replacement at its own
    /// size <paramref name="resamples"/> times; the bounds are the (1 ± level)/2 quantiles of the resampled deltas
    /// (linear interpolation between order statistics).
    /// </summary>
    public static ConfidenceInterval BootstrapInterval(IReadOnlyList<double> xs, IReadOnlyList<double> ys, int seed, int resamples = 2000, double level = 0.95)
    {
        if (xs.Count == 0 || ys.Count == 0) throw new ArgumentException("A bootstrap interval needs two non-empty groups.");
        if (resamples < 2) throw new ArgumentException($"A bootstrap interval needs at least two resamples, not {resamples}.");
        if (!(level > 0 && level < 1)) throw new ArgumentException($"The confidence level must lie strictly between 0 and 1, not {level}.");
        var random = new Random(seed);
        var a = new double[xs.Count];
        var b = new double[ys.Count];
        var deltas = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < a.Length; i++) a[i] = xs[random.Next(xs.Count)];
            for (var i = 0; i < b.Length; i++) b[i] = ys[random.Next(ys.Count)];
            deltas[r] = Statistics.CliffsDelta(a, b);
        }
        Array.Sort(deltas);
        return new ConfidenceInterval(Quantile(deltas, (1 - level) / 2), Quantile(deltas, (1 + level) / 2), level);
    }

    /// <summary>
    /// Holm–Bonferroni adjusted p-values, in the input's order: sorted ascending, the k-th smallest
    /// (k from 0) becomes max over j ≤ k of min(1, (m − j)·p₍ⱼ₎), so adjusted values never decrease with p.
    /// Reject where the adjusted p is below α: the family-wise error rate stays at most α.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        if (pValues.Any(p => !(p >= 0 && p <= 1))) throw new ArgumentException("Every p-value must lie between 0 and 1.");
        var order = Enumerable.Range(0, pValues.Count).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[pValues.Count];
        double running = 0;
        for (var k = 0; k < order.Length; k++)
        {
            running = Math.Max(running, Math.Min(1, (order.Length - k) * pValues[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }

    /// <summary>The q-quantile of sorted values, interpolating linearly between neighbours (R's type 7).</summary>
    static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
