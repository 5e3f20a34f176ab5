using System.Diagnostics;

namespace Cortex.Compute.Benchmarks;

/// <summary>
/// The benchmarks' clock: best of a few timed runs after a warm-up. On a GPU a run only queues its
/// kernels, so the clock stops once <paramref name="device"/> has finished them.
/// </summary>
static class BenchTiming
{
    /// <summary>Items per second of the fastest of <paramref name="repeats"/> timed runs, after one warm-up.</summary>
    public static double Rate(int items, int repeats, Action run, Device? device = null)
    {
        run();
        Settle(device);
        return items / Fastest(repeats, run, device);
    }

    /// <summary>Seconds of the fastest of <paramref name="repeats"/> timed runs: the run least disturbed by anything else on the machine.</summary>
    public static double Fastest(int repeats, Action run, Device? device = null)
    {
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            Settle(device);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>Waits until a GPU has done all the work queued on it; nothing to wait for on CPU.</summary>
    public static void Settle(Device? device)
    {
        if (device?.type == DeviceType.CUDA) cuda.synchronize(device);
    }

    public static double Round(double value) => Math.Round(value, 2);
}
