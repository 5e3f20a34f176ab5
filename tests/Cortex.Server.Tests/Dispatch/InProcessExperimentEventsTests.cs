using System.Collections.Concurrent;
using Cortex.Server.Dispatch;
using Cortex.Web.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Server.Tests.Dispatch;

/// <summary>The in-process bus: every subscriber gets the typed events in order, and none can hold the publisher back.</summary>
public sealed class InProcessExperimentEventsTests : IDisposable
{
    static readonly TimeSpan Plenty = TimeSpan.FromSeconds(10);

    readonly InProcessExperimentEvents _bus = new(NullLogger<InProcessExperimentEvents>.Instance);

    static FrameProduced Frame(string experiment, int step) =>
        new(new FrameMessage { ExperimentId = experiment, Step = step, TargetProbability = [0.5], Tokens = [1], Changed = [[]] });

    [Fact]
    public async Task Every_subscriber_receives_the_typed_events_in_publish_order()
    {
        var (first, second) = (new Received(), new Received());
        using var one = _bus.Subscribe("first", first.Add);
        using var two = _bus.Subscribe("second", second.Add);
        ExperimentEvent[] published =
        [
            new ExperimentQueued("e"), new ExperimentStarted("e"), new LogWritten("e", "hello"), Frame("e", 1),
            new ExperimentFinished("e", ExperimentStatus.Succeeded, null),
        ];

        foreach (var e in published) _bus.Publish(e);

        Assert.Equal(published, await first.WaitForAsync(published.Length));
        Assert.Equal(published, await second.WaitForAsync(published.Length));
    }

    [Fact]
    public async Task A_stalled_subscriber_neither_blocks_the_publisher_nor_misses_the_newest_frame_and_the_end()
    {
        var release = new TaskCompletionSource();
        var stalled = new Received(release.Task);
        using var subscription = _bus.Subscribe("stalled", stalled.Add);

        const int steps = 10_000;
        for (var step = 1; step <= steps; step++) _bus.Publish(Frame("e", step));
        _bus.Publish(new ExperimentFinished("e", ExperimentStatus.Succeeded, null));

        // Everything was published while the subscriber still sat on its first event.
        Assert.False(release.Task.IsCompleted);
        release.SetResult();
        var received = await stalled.WaitForAsync(e => e is ExperimentFinished);
        var frames = received.OfType<FrameProduced>().Select(f => f.Frame.Step).ToList();
        Assert.Equal(steps, frames[^1]);
        // At most a mailbox's worth taken before it stalled, and one taken after.
        Assert.True(frames.Count <= 2 * EventMailbox.SupersededCapacity, $"the stalled subscriber was handed {frames.Count} stale frames");
        Assert.Equal(frames.Order(), frames);
    }

    [Fact]
    public async Task A_throwing_subscriber_keeps_receiving_and_does_not_disturb_others()
    {
        var calm = new Received();
        var seen = 0;
        using var throwing = _bus.Subscribe("throwing", _ => Interlocked.Increment(ref seen) == 1 ? throw new InvalidOperationException("first one fails") : Task.CompletedTask);
        using var other = _bus.Subscribe("calm", calm.Add);

        _bus.Publish(new LogWritten("e", "one"));
        _bus.Publish(new LogWritten("e", "two"));

        Assert.Equal(2, (await calm.WaitForAsync(2)).Count);
        var deadline = DateTime.UtcNow + Plenty;
        while (Volatile.Read(ref seen) < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(2, Volatile.Read(ref seen));
    }

    [Fact]
    public async Task A_mailbox_keeps_the_newest_superseded_events_of_each_experiment_and_every_ordered_one_in_order()
    {
        var mailbox = new EventMailbox();
        for (var step = 1; step <= 100; step++)
        {
            mailbox.Post(Frame("a", step));
            mailbox.Post(Frame("b", step));
            if (step % 25 == 0) mailbox.Post(new LogWritten("a", $"step {step}"));
        }

        var pending = await mailbox.TakeAsync(CancellationToken.None);

        foreach (var experiment in new[] { "a", "b" })
            Assert.Equal(Enumerable.Range(100 - EventMailbox.SupersededCapacity + 1, EventMailbox.SupersededCapacity),
                pending.OfType<FrameProduced>().Where(f => f.ExperimentId == experiment).Select(f => f.Frame.Step));
        Assert.Equal(["step 25", "step 50", "step 75", "step 100"], pending.OfType<LogWritten>().Select(l => l.Text));
        Assert.Equal(2 * (100 - EventMailbox.SupersededCapacity), mailbox.Dropped);
        var stepOfLog75 = pending.ToList().FindIndex(e => e is LogWritten { Text: "step 75" });
        Assert.True(pending.Take(stepOfLog75).OfType<FrameProduced>().All(f => f.Frame.Step <= 75), "a log line stays behind the frames published before it");
    }

    public void Dispose() => _bus.Dispose();

    /// <summary>What a subscriber was handed; with a gate, the first handling waits on it.</summary>
    sealed class Received(Task? gate = null)
    {
        readonly ConcurrentQueue<ExperimentEvent> _events = new();

        public async Task Add(ExperimentEvent e)
        {
            _events.Enqueue(e);
            if (gate is not null) await gate;
        }

        public Task<List<ExperimentEvent>> WaitForAsync(int count) => WaitForAsync(_ => _events.Count >= count);

        public async Task<List<ExperimentEvent>> WaitForAsync(Func<ExperimentEvent, bool> last)
        {
            var deadline = DateTime.UtcNow + Plenty;
            while (!_events.Any(last))
            {
                Assert.True(DateTime.UtcNow < deadline, "timed out waiting for events");
                await Task.Delay(20);
            }
            return [.. _events];
        }
    }
}
