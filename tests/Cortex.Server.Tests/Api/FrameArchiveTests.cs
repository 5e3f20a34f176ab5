using Cortex.Compute.Runs;
using Cortex.Server.Experiments;

namespace Cortex.Server.Tests.Api;

/// <summary>A long run's replay frames stay bounded and evenly spread over the run, and each stored frame has its image file.</summary>
public sealed class FrameArchiveTests
{
    static RecordedFrame Frame(int step, byte png = 1) => new(step, 0, 0, null, [], [], [png]);

    [Fact]
    public void A_short_run_keeps_every_frame()
    {
        var archive = new FrameArchive();
        for (var step = 0; step < 100; step++) archive.Add(Frame(step, (byte)step));
        var files = new Dictionary<string, byte[]>();
        FrameLog.AddTo(files, archive.Kept());
        Assert.Equal(100, FrameLog.Read(files[FrameLog.Name]).Count);
        Assert.Equal(101, files.Count);
        Assert.Equal([42], files[FrameLog.ImageName(42)]);
    }

    [Fact]
    public void A_long_run_keeps_at_most_the_capacity_evenly_spaced()
    {
        var archive = new FrameArchive();
        for (var step = 0; step < 100_000; step++) archive.Add(Frame(step));
        var files = new Dictionary<string, byte[]>();
        FrameLog.AddTo(files, archive.Kept());
        var steps = FrameLog.Read(files[FrameLog.Name]).Select(f => f.Step).ToList();
        Assert.InRange(steps.Count, FrameArchive.Capacity / 2, FrameArchive.Capacity);
        Assert.Equal(0, steps[0]);
        var gaps = steps.Zip(steps.Skip(1), (a, b) => b - a).Distinct().ToList();
        Assert.Single(gaps);
        Assert.True(steps[^1] + gaps[0] >= 100_000, "the kept frames reach the end of the run");
        Assert.All(steps, s => Assert.True(files.ContainsKey(FrameLog.ImageName(s))));
        Assert.Equal(steps.Count + 1, files.Count);
    }

    [Fact]
    public void Pinned_frames_are_kept_though_the_sample_dropped_them()
    {
        var archive = new FrameArchive();
        for (var step = 0; step < 100_000; step++) archive.Add(Frame(step));
        var kept = archive.Kept([Frame(99_999), Frame(12_345)]).Select(f => f.Step).ToList();
        Assert.Contains(99_999, kept);
        Assert.Contains(12_345, kept);
        Assert.Equal(kept.Order(), kept);
    }
}
