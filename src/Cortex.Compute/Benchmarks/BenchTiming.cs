using System.Diagnostics;

namespace Cortex.Compute.Benchmarks;

/// <summary>The benchmarks' clock: best of a few timed runs after a warm-up.</summary>
static class BenchTiming
{
    /// <summary>Items per second of the fastest of <paramref name="repeats"/> timed runs, after one warm-up.</summary>
    public static double Rate(int items, int repeats, Action run)
    {
        run();
        return items / Fastest(repeats, run);
    }

    /// <summary>Seconds of the fastest of <paramref name="repeats"/> timed runs: the run least disturbed by anything else on the machine.</summary>
    public static double Fastest(int repeats, Action run)
    {
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    public static double Round(double value) => Math.Round(value, 2);
}
