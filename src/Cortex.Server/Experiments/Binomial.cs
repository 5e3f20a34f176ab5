namespace Cortex.Server.Experiments;

/// <summary>The binomial distribution's upper tail, for testing a held-out accuracy against chance.</summary>
public static class Binomial
{
    /// <summary>P(X ≥ k) for X ~ Binomial(n, p): the one-sided p-value of k successes in n trials at chance p.</summary>
    public static double UpperTail(int k, int n, double p)
    {
        if (k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"Successes must lie in 0..{n}, not {k}.");
        return Math.Min(1, Terms(n, p)[k..].Sum());
    }

    /// <summary>The fewest successes of n whose upper tail at chance p lies below alpha; null when even n do not.</summary>
    public static int? FewestBeyondChance(int n, double p, double alpha)
    {
        var terms = Terms(n, p);
        var tail = 0.0;
        // The tail only grows as k falls: the first k (from the top) at which it reaches alpha is one below the answer.
        for (var k = n; k >= 0; k--)
        {
            tail += terms[k];
            if (tail >= alpha) return k == n ? null : k + 1;
        }
        return 0;
    }

    /// <summary>P(X = i) for i in 0..n, each from its neighbour in log space, so that large n neither under- nor overflows where the mass lies.</summary>
    static double[] Terms(int n, double p)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), $"Trials must be at least 0, not {n}.");
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), $"Chance must lie strictly between 0 and 1, not {p}.");
        var terms = new double[n + 1];
        var logTerm = n * Math.Log(1 - p);
        var odds = Math.Log(p / (1 - p));
        for (var i = 0; i <= n; i++)
        {
            terms[i] = Math.Exp(logTerm);
            logTerm += Math.Log((double)(n - i) / (i + 1)) + odds;
        }
        return terms;
    }
}
