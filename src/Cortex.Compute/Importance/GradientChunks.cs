using System.Diagnostics;
using System.Runtime.CompilerServices;
using Cortex.Compute.Evaluation;

namespace Cortex.Compute.Importance;

/// <summary>
/// How many rows go through one input-gradient pass. On a GPU, as many as allowed. On CPU the fastest
/// size is measured: libtorch's convolution without oneDNN (off for input gradients, see
/// <see cref="NativeSwitches"/>) unfolds the whole chunk at once — 151 MB for 32 grids at the VQGAN size
/// (16×16, CNN width 512) — and that buffer, far beyond the cache and page-faulted afresh on every
/// call, made one pass over 32 grids slower than 32 passes over one; while at the built-in size one
/// pass over all grids is the fastest. Which size wins depends on the extractor, the grid and the
/// machine, so it is measured on the real work: candidate sizes 2, 4, 8, … each timed against the
/// fastest size so far, in three pairs of adjacent chunks (which of the two goes first alternates), and
/// doubled until one is clearly (over 20 %) slower or two in a row are not clearly (10 %) faster; the
/// median of the pairs' ratios decides, so that a noisy dip on a busy machine neither stops the search
/// early nor elects a size. Where sizes run at par (the VQGAN size on CPU) the search would otherwise go
/// on doubling up to chunks of hundreds of grids, each far slower to measure and, with its gigabyte
/// buffers, likelier to lose — inside the work it was meant to speed up. Adjacent chunks share
/// the machine's load of the moment: timing three chunks of one size, then three of the next, and
/// keeping each one's fastest compared two different machines — under a load average of 30 it kept
/// chunks of one grid at the built-in size, where a whole batch runs 2.45× faster on a quiet machine.
/// The fastest is kept per extractor and row shape, and every later call runs at that size.
/// </summary>
public static class GradientChunks
{
    const int Trials = 3;
    const double ClearlySlower = 0.8;
    const double ClearlyFaster = 1.1;
    const int NotFasterLimit = 2;
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
            if (measuring && length == size) exploration.Record(size, length / clock.Elapsed.TotalSeconds);
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

    /// <summary>Candidate sizes in doubling order, each against the fastest so far in <see cref="Trials"/> pairs of chunks (the first may pay for warm-up, any for a busy machine).</summary>
    sealed class Exploration
    {
        readonly Lock gate = new();
        readonly List<double> ratios = [];
        int best = 1, candidate = 2, notFaster;
        double? firstRate;
        bool done;

        public int? Chosen { get { lock (gate) return done ? best : null; } }

        public int NextSize(int maxBatch, out bool measuring)
        {
            lock (gate)
            {
                measuring = !done && candidate <= maxBatch;
                return measuring ? Turn : Math.Max(1, Math.Min(best, maxBatch));
            }
        }

        /// <summary>Even pairs time the candidate first, odd pairs the fastest size so far.</summary>
        bool CandidateFirst => ratios.Count % 2 == 0;

        int Turn => CandidateFirst == (firstRate is null) ? candidate : best;

        public void Record(int size, double rowsPerSecond)
        {
            lock (gate)
            {
                if (done || size != Turn) return;
                if (firstRate is not { } first)
                {
                    firstRate = rowsPerSecond;
                    return;
                }
                ratios.Add(CandidateFirst ? first / rowsPerSecond : rowsPerSecond / first);
                firstRate = null;
                if (ratios.Count < Trials) return;
                var ratio = Statistics.Median(ratios);
                ratios.Clear();
                // A clearly slower candidate, or the second in a row that is not clearly faster, ends the search;
                // reaching a call's maxBatch only pauses it (a later call may allow more).
                notFaster = ratio < ClearlyFaster ? notFaster + 1 : 0;
                done = ratio < ClearlySlower || notFaster == NotFasterLimit;
                if (ratio > 1) best = candidate;
                candidate *= 2;
            }
        }
    }
}
