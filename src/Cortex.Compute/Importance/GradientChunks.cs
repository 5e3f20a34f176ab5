using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Cortex.Compute.Importance;

/// <summary>
/// How many rows go through one input-gradient pass. On a GPU, as many as allowed. On CPU the fastest
/// size is measured: libtorch's convolution without oneDNN (off for input gradients, see
/// <see cref="NativeSwitches"/>) unfolds the whole chunk at once — 151 MB for 32 grids at the VQGAN size
/// (16×16, CNN width 512) — and that buffer, far beyond the cache and page-faulted afresh on every
/// call, made one pass over 32 grids slower than 32 passes over one; while at the built-in size one
/// pass over all grids is the fastest. Which size wins depends on the extractor, the grid and the
/// machine, so it is measured on the real work: candidate sizes 1, 2, 4, … each timed in three trials
/// (the fastest counts) and doubled until one is clearly (over 20 %) slower than the fastest so far, so
/// that a noisy dip on a busy machine does not stop the search early. A trial is one chunk, or as many
/// consecutive chunks as last <see cref="TrialSeconds"/>: on a busy machine a window shorter than the
/// scheduler's time slice often escapes preemption while a longer one never does, so the fastest of
/// three 1 ms chunks was an idle machine's rate set against the busy rate of larger chunks (seen at the
/// built-in size under a load average of 30: the search kept size 1, and batched gradients ran at the loop's speed).
/// The fastest is kept per extractor and row shape, and every later call runs at that size.
/// </summary>
public static class GradientChunks
{
    /// <summary>The shortest time a trial of one candidate size is measured over.</summary>
    public const double TrialSeconds = 0.025;
    const int Trials = 3;
    const double ClearlySlower = 0.8;
    static readonly ConditionalWeakTable<object, Dictionary<string, Exploration>> Measured = new();

    /// <summary>Calls <paramref name="pass"/>(start, length) over <paramref name="count"/> rows in chunks of at most <paramref name="maxBatch"/>.</summary>
    /// <param name="extractor">whose speed is measured; the measurement is kept with it</param>
    /// <param name="row">one row's shape and dtype, e.g. a [1, D, H, W] slice of the input</param>
    public static void ForEach(object extractor, Tensor row, long count, int maxBatch, Action<long, long> pass)
    {
        if (row.device.type != DeviceType.CPU)
        {
            For(count, maxBatch, pass);
            return;
        }
        var exploration = ExplorationOf(extractor, row);
        for (long start = 0; start < count;)
        {
            var size = exploration.NextSize(maxBatch, out var measuring);
            var length = Math.Min(size, count - start);
            var clock = Stopwatch.StartNew();
            pass(start, length);
            // A shorter last chunk says nothing about its size's speed.
            if (measuring && length == size) exploration.Record(size, length, clock.Elapsed.TotalSeconds);
            start += length;
        }
    }

    /// <summary>The chunk size that later calls for this extractor and row shape will use on CPU; null until measured.</summary>
    public static int? MeasuredSize(object extractor, Tensor row) => ExplorationOf(extractor, row).Chosen;

    static void For(long count, int maxBatch, Action<long, long> pass)
    {
        for (long start = 0; start < count; start += maxBatch) pass(start, Math.Min(maxBatch, count - start));
    }

    static Exploration ExplorationOf(object extractor, Tensor row)
    {
        var key = $"{string.Join('×', row.shape.Skip(1))} {row.dtype}, {get_num_threads()} threads";
        var byShape = Measured.GetValue(extractor, _ => []);
        lock (byShape)
        {
            if (!byShape.TryGetValue(key, out var exploration)) byShape[key] = exploration = new Exploration();
            return exploration;
        }
    }

    /// <summary>Candidate sizes in doubling order, each timed in <see cref="Trials"/> trials (the fastest counts: the first may pay for warm-up, others for a busy machine).</summary>
    sealed class Exploration
    {
        readonly Lock gate = new();
        int candidate = 1, trials, best;
        long trialRows;
        double trialSeconds, candidateRate, bestRate;
        bool done;

        public int? Chosen { get { lock (gate) return done ? best : null; } }

        public int NextSize(int maxBatch, out bool measuring)
        {
            lock (gate)
            {
                measuring = !done && candidate <= maxBatch;
                return measuring ? candidate : Math.Max(1, Math.Min(best, maxBatch));
            }
        }

        public void Record(int size, long rows, double seconds)
        {
            lock (gate)
            {
                if (done || size != candidate) return;
                (trialRows, trialSeconds) = (trialRows + rows, trialSeconds + seconds);
                if (trialSeconds < TrialSeconds) return;
                candidateRate = Math.Max(candidateRate, trialRows / trialSeconds);
                (trialRows, trialSeconds) = (0, 0);
                if (++trials < Trials) return;
                // A clearly slower candidate ends the search; reaching a call's maxBatch only pauses it (a later call may allow more).
                done = candidateRate < ClearlySlower * bestRate;
                if (candidateRate > bestRate) (best, bestRate) = (candidate, candidateRate);
                (candidate, trials, candidateRate) = (candidate * 2, 0, 0);
            }
        }
    }
}
