namespace Cortex.Server.Experiments;

/// <summary>The binomial distribution's upper tail, for testing a held-out accuracy against chance.</summary>
public static class Binomial
{
    /// <summary>
    /// P(X ≥ k) for X ~ Binomial(n, p): the one-sided p-value of k successes in n trials at chance p. Each term comes
    /// from its neighbour in log space, so that large n neither under- nor overflows where the mass lies.
    /// </summary>
    public static double UpperTail(int k, int n, double p)
    {
        if (n < 0 || k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"Successes must lie in 0..{n}, not {k}.");
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), $"Chance must lie strictly between 0 and 1, not {p}.");
        var logTerm = n * Math.Log(1 - p);
        var odds = Math.Log(p / (1 - p));
        var tail = 0.0;
        for (var i = 0; i <= n; i++)
        {
            if (i >= k) tail += Math.Exp(logTerm);
            logTerm += Math.Log((double)(n - i) / (i + 1)) + odds;
        }
        return Math.Min(1, tail);
    }

    /// <summary>The fewest successes of n whose upper tail at chance p lies below alpha; null when even n do not.</summary>
    public static int? FewestBeyondChance(int n, double p, double alpha)
    {
        for (var k = 0; k <= n; k++)
            if (UpperTail(k, n, p) < alpha) return k;
        return null;
    }
}
