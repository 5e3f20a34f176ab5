using System.Diagnostics;
using Cortex.Compute.Evaluation;

namespace Cortex.Compute.Benchmarks;

/// <summary>Items per second of a run and of its reference, and how many times faster the run is: medians over interleaved pairs.</summary>
public sealed record PairedRates(double Rate, double ReferenceRate, double Speedup)
{
    /// <param name="seconds">each pair's seconds for the run and for the reference</param>
    /// <remarks>The speedup is the median of each pair's ratio, not the ratio of the medians: a pair shares the machine's load of its moment.</remarks>
    public static PairedRates Of(int items, IReadOnlyList<(double Run, double Reference)> seconds)
    {
        if (seconds.Count == 0) throw new ArgumentException("At least one pair of timings is needed for a median.", nameof(seconds));
        return new(items / Statistics.Median(seconds.Select(s => s.Run)), items / Statistics.Median(seconds.Select(s => s.Reference)),
            Statistics.Median(seconds.Select(s => s.Reference / s.Run)));
    }
}

/// <summary>
/// A run timed against its reference in the same process, alternately: on a shared machine the load
/// changes from one second to the next, and timing all of one before all of the other (or keeping the
/// fastest of each) compares two different machines.
/// </summary>
public static class PairedTiming
{
    /// <summary><paramref name="pairs"/> timings of each, the run first in even pairs and the reference first in odd ones, so that neither always follows the other.</summary>
    public static PairedRates Measure(int items, int pairs, Action run, Action reference, Device? device = null)
    {
        if (pairs < 1) throw new ArgumentException($"At least one pair of timings is needed, not {pairs}.", nameof(pairs));
        var seconds = new List<(double Run, double Reference)>();
        for (var i = 0; i < pairs; i++)
        {
            if (i % 2 == 0)
            {
                var first = Seconds(run, device);
                seconds.Add((first, Seconds(reference, device)));
            }
            else
            {
                var first = Seconds(reference, device);
                seconds.Add((Seconds(run, device), first));
            }
        }
        return PairedRates.Of(items, seconds);
    }

    static double Seconds(Action run, Device? device)
    {
        var clock = Stopwatch.StartNew();
        run();
        BenchTiming.Settle(device);
        return clock.Elapsed.TotalSeconds;
    }
}
