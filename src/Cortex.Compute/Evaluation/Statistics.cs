namespace Cortex.Compute.Evaluation;

/// <summary>The few statistics the evaluation protocols need.</summary>
public static class Statistics
{
    /// <summary>The middle value; the mean of the two middle values of an even count.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("The median of no values is undefined.", nameof(values));
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// Cliff's delta: (#(x &gt; y) − #(x &lt; y)) / (|xs|·|ys|) over all pairs; +1 when every x exceeds
    /// every y, −1 the reverse, 0 when the groups overlap evenly.
    /// </summary>
    public static double CliffsDelta(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        if (xs.Count == 0 || ys.Count == 0) throw new ArgumentException("Cliff's delta needs two non-empty groups.");
        long greater = 0, less = 0;
        foreach (var x in xs)
        foreach (var y in ys)
        {
            if (x > y) greater++;
            else if (x < y) less++;
        }
        return (double)(greater - less) / ((long)xs.Count * ys.Count);
    }

    /// <summary>Spearman's rank correlation (Pearson correlation of average ranks, ties shared).</summary>
    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count || a.Count < 2) throw new ArgumentException("Spearman correlation needs two series of the same length ≥ 2.");
        return Pearson(Ranks(a), Ranks(b));
    }

    public static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            var shared = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++) ranks[order[i]] = shared;
            start = end + 1;
        }
        return ranks;
    }

    static double Pearson(double[] a, double[] b)
    {
        double meanA = a.Average(), meanB = b.Average(), covariance = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }
        return varianceA == 0 || varianceB == 0 ? 0 : covariance / Math.Sqrt(varianceA * varianceB);
    }
}
