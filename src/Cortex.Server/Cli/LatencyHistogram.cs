namespace Cortex.Server.Cli;

/// <summary>
/// Latencies in 0.1 ms bins up to 10 s (longer ones count in the last bin), safe to record from many
/// threads. Millions of frames fit in fixed memory, so recording never makes the benchmark's own
/// garbage collector the thing it measures.
/// </summary>
public sealed class LatencyHistogram
{
    const double BinMilliseconds = 0.1;
    const int Bins = 100_000;

    readonly long[] _counts = new long[Bins];
    long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(double milliseconds)
    {
        var bin = (int)Math.Clamp(milliseconds / BinMilliseconds, 0, Bins - 1);
        Interlocked.Increment(ref _counts[bin]);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The upper edge of the bin that holds the q-quantile, in ms; NaN when nothing was recorded.</summary>
    public double Percentile(double q)
    {
        var rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (var bin = 0; bin < Bins; bin++)
        {
            seen += Interlocked.Read(ref _counts[bin]);
            if (seen >= Math.Max(rank, 1)) return Math.Round((bin + 1) * BinMilliseconds, 1);
        }
        return double.NaN;
    }
}
