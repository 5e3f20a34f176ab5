using Cortex.Compute.Importance;

namespace Cortex.Compute.Tests.Importance;

[Collection(TorchCollection.Name)]
public sealed class GradientChunksTests
{
    [Fact]
    public void The_fastest_size_is_chosen_and_every_row_is_passed_once_in_order()
    {
        // A pass costs 30 ms plus 2 ms a row up to 4 rows, 50 ms a row beyond: 4 rows a chunk is the fastest.
        static TimeSpan Cost(long rows) => TimeSpan.FromMilliseconds(rows <= 4 ? 30 + 2 * rows : 50 * rows);
        var extractor = new object();
        using var row = zeros(1, 3, 2, 2);
        var chunks = new List<(long Start, long Length)>();
        GradientChunks.ForEach(extractor, row, 80, maxBatch: 16, (start, length) => { chunks.Add((start, length)); Thread.Sleep(Cost(length)); });

        Assert.Equal(4, GradientChunks.MeasuredSize(extractor, row));
        Assert.Equal(Enumerable.Range(0, 80).Select(i => (long)i), chunks.SelectMany(c => Enumerable.Range((int)c.Start, (int)c.Length).Select(i => (long)i)));
        // Sizes 2, 4 and 8 were each timed in three pairs against the fastest so far, which goes first alternating; the rest ran at the chosen size.
        Assert.Equal([2L, 1, 1, 2, 2, 1, 4, 2, 2, 4, 4, 2, 8, 4, 4, 8, 8, 4, 4], chunks.Select(c => c.Length).Take(19));

        chunks.Clear();
        GradientChunks.ForEach(extractor, row, 10, maxBatch: 16, (start, length) => chunks.Add((start, length)));
        Assert.Equal([4L, 4, 2], chunks.Select(c => c.Length));
    }

    [Fact]
    public void A_load_that_grows_during_the_search_does_not_hide_a_faster_size()
    {
        // 20 ms a row in chunks of one, 16 ms a row in chunks of two, and every chunk 20 % slower than the one before:
        // the three chunks of two, timed after three chunks of one, would look over 20 % slower than them.
        var extractor = new object();
        using var row = zeros(1, 3, 2, 2);
        var load = 1.0;
        void Pass(long length)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(load * (length == 1 ? 20 : 16 * length)));
            load *= 1.2;
        }
        GradientChunks.ForEach(extractor, row, 9, maxBatch: 2, (_, length) => Pass(length));

        var lengths = new List<long>();
        GradientChunks.ForEach(extractor, row, 4, maxBatch: 2, (_, length) => lengths.Add(length));
        Assert.Equal([2L, 2], lengths);
    }

    [Fact]
    public void Sizes_at_par_end_the_search_instead_of_doubling_up_to_max_batch()
    {
        // Every row costs the same whatever the chunk, as at the VQGAN size on CPU: sizes 2 and 4 are not faster.
        var extractor = new object();
        using var row = zeros(1, 3, 2, 2);
        var lengths = new List<long>();
        GradientChunks.ForEach(extractor, row, 120, maxBatch: 64, (_, length) => { lengths.Add(length); Thread.Sleep(TimeSpan.FromMilliseconds(30 * length)); });

        Assert.NotNull(GradientChunks.MeasuredSize(extractor, row));
        Assert.InRange(lengths.Max(), 4, 8);
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
    public void Sizes_are_measured_apart_for_each_row_shape()
    {
        var extractor = new object();
        using var small = zeros(1, 3, 2, 2);
        using var large = zeros(1, 3, 4, 4);
        GradientChunks.ForEach(extractor, small, 30, maxBatch: 8, (_, length) => Thread.Sleep(length <= 2 ? 30 : 200));
        Assert.Equal(2, GradientChunks.MeasuredSize(extractor, small));
        Assert.Null(GradientChunks.MeasuredSize(extractor, large));
    }
}
