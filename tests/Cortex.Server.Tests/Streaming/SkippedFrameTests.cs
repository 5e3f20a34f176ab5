using Cortex.Server.Cluster;
using Cortex.Server.Dispatch;
using Cortex.Server.Streaming;
using Cortex.Web.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Server.Tests.Streaming;

/// <summary>
/// A worker's uplink skips frames while the head is busy, yet a late joiner's curve keeps every step: the newer frame
/// carries the skipped frames' points, and the head adds them to the run's history.
/// </summary>
public sealed class SkippedFrameTests
{
    static FrameProduced Frame(int step) => new(new FrameMessage
    {
        ExperimentId = "e1", Step = step, Steps = 10, Loss = -step, TargetProbability = [step / 10.0], Tokens = [], Changed = [[]],
        EvaluatorProbability = step % 5 == 0 ? new() { ["cnn"] = [step / 20.0] } : null,
    });

    [Fact]
    public async Task Frames_replaced_while_a_call_is_on_its_way_reach_the_head_as_points_of_the_newer_frame()
    {
        var sent = new List<IReadOnlyList<ExperimentEvent>>();
        var first = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var uplink = new EventUplink(async batch =>
        {
            lock (sent) sent.Add(batch);
            first.TrySetResult();
            await release.Task;
        }, NullLogger.Instance);

        uplink.Publish(Frame(1));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var step = 2; step <= 10; step++) uplink.Publish(Frame(step));
        release.SetResult();
        await uplink.DrainedAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var frames = sent.SelectMany(b => b).Cast<FrameProduced>().ToList();
        Assert.Equal([1, 10], frames.Select(f => f.Frame.Step));
        Assert.Equal(8, uplink.Skipped);
        var carried = frames[1].Earlier!;
        Assert.Equal(Enumerable.Range(2, 8), carried.Select(p => p.Step));
        Assert.Equal(5 / 20.0, carried.Single(p => p.Step == 5).Evaluators!["cnn"]);

        var streams = new ExperimentStreams();
        foreach (var frame in frames)
        {
            if (frame.Earlier is { } earlier) streams.Remember("e1", earlier);
            streams.Publish(frame.Frame);
        }
        var queue = new ClientQueue(_ => { });
        using var subscription = streams.Subscribe("e1", queue);
        var history = (await queue.TakeAsync(CancellationToken.None)).OfType<HistoryMessage>().Single();
        Assert.Equal(Enumerable.Range(1, 10), history.Curve.Steps);
        Assert.Equal([null, null, null, null, 0.25, null, null, null, null, 0.5], history.Curve.EvaluatorProbability["cnn"]);
    }
}
