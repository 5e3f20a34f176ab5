using System.Diagnostics;
using Cortex.Compute.Importance;

namespace Cortex.Compute.Tests.Importance;

[Collection(TorchCollection.Name)]
public sealed class GradientChunksTests
{
    [Fact]
    public void The_fastest_size_is_chosen_and_every_row_is_passed_once_in_order()
    {
        // A pass costs 30 ms plus 2 ms a row up to 4 rows, 50 ms a row beyond: 4 rows a chunk is the fastest.
        // Every chunk outlasts a trial, so each trial is one chunk.
        static TimeSpan Cost(long rows) => TimeSpan.FromMilliseconds(rows <= 4 ? 30 + 2 * rows : 50 * rows);
        var extractor = new object();
        using var row = zeros(1, 3, 2, 2);
        var chunks = new List<(long Start, long Length)>();
        GradientChunks.ForEach(extractor, row, 60, maxBatch: 16, (start, length) => { chunks.Add((start, length)); Thread.Sleep(Cost(length)); });

        Assert.Equal(4, GradientChunks.MeasuredSize(extractor, row));
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), chunks.SelectMany(c => Enumerable.Range((int)c.Start, (int)c.Length).Select(i => (long)i)));
        // Sizes 1, 2, 4 and 8 were each tried three times; the rest ran at the chosen size.
        Assert.Equal([1L, 1, 1, 2, 2, 2, 4, 4, 4, 8, 8, 8, 4], chunks.Select(c => c.Length).Take(13));

        chunks.Clear();
        GradientChunks.ForEach(extractor, row, 10, maxBatch: 16, (start, length) => chunks.Add((start, length)));
        Assert.Equal([4L, 4, 2], chunks.Select(c => c.Length));
    }

    [Fact]
    public void A_search_that_reaches_max_batch_keeps_below_it_and_goes_on_in_a_later_call()
    {
        var extractor = new object();
        using var row = zeros(1, 3, 2, 2);
        var lengths = new List<long>();
        // Every chunk costs the same, so bigger chunks are always faster.
        GradientChunks.ForEach(extractor, row, 40, maxBatch: 4, (_, length) => { lengths.Add(length); Thread.Sleep(30); });
        Assert.All(lengths, length => Assert.InRange(length, 1, 4));
        Assert.Null(GradientChunks.MeasuredSize(extractor, row));

        lengths.Clear();
        GradientChunks.ForEach(extractor, row, 64, maxBatch: 64, (_, length) => { lengths.Add(length); Thread.Sleep(30); });
        Assert.Equal(8, lengths[0]);
    }

    [Fact]
    public void Chunks_shorter_than_a_trial_are_timed_together()
    {
        var extractor = new object();
        using var row = zeros(1, 3, 2, 2);
        var (oneRowSeconds, triedTwo) = (0.0, false);
        GradientChunks.ForEach(extractor, row, 200, maxBatch: 2, (_, length) =>
        {
            var clock = Stopwatch.StartNew();
            Thread.Sleep(2);
            triedTwo |= length == 2;
            if (!triedTwo) oneRowSeconds += clock.Elapsed.TotalSeconds;
        });

        // Size 2 is tried only after three trials of size 1, each at least TrialSeconds of 2 ms chunks (less this lambda's own clock's share).
        Assert.True(triedTwo, "size 2 was never tried");
        Assert.True(oneRowSeconds >= 0.9 * 3 * GradientChunks.TrialSeconds, $"size 1 was timed over only {oneRowSeconds * 1000:F1} ms");
    }

    [Fact]
    public void Sizes_are_measured_apart_for_each_row_shape()
    {
        var extractor = new object();
        using var small = zeros(1, 3, 2, 2);
        using var large = zeros(1, 3, 4, 4);
        GradientChunks.ForEach(extractor, small, 24, maxBatch: 8, (_, length) => Thread.Sleep(length <= 2 ? 30 : 200));
        Assert.Equal(2, GradientChunks.MeasuredSize(extractor, small));
        Assert.Null(GradientChunks.MeasuredSize(extractor, large));
    }
}
