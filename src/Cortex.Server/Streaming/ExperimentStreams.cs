using System.Collections.Concurrent;
using Cortex.Web.Services;

namespace Cortex.Server.Streaming;

/// <summary>
/// The fan-out of every experiment's live messages: numbers them, remembers the latest status,
/// progress and frame (what a late joiner gets first), and hands each message to every subscriber's
/// <see cref="ClientQueue"/>. The SignalR hub and the Blazor pages subscribe the same way.
/// </summary>
public sealed class ExperimentStreams
{
    readonly ConcurrentDictionary<string, Stream> _streams = new();
    readonly Stream _statuses = new();

    public void Publish(ExperimentMessage message)
    {
        var stream = _streams.GetOrAdd(message.ExperimentId, _ => new Stream());
        ClientQueue[] subscribers;
        lock (stream)
        {
            message = message with { Sequence = ++stream.Sequence, PublishedAt = DateTime.UtcNow };
            switch (message)
            {
                case StatusMessage status: stream.Status = status; break;
                case ProgressMessage progress: stream.Progress = progress; break;
                case FrameMessage frame:
                    stream.Frame = frame;
                    stream.History.Add(frame);
                    break;
            }
            subscribers = [.. stream.Subscribers];
        }
        foreach (var subscriber in subscribers) subscriber.Enqueue(message);
        if (message is StatusMessage)
        {
            lock (_statuses) subscribers = [.. _statuses.Subscribers];
            foreach (var subscriber in subscribers) subscriber.Enqueue(message);
        }
    }

    /// <summary>Adds to an experiment's curve the points of frames that never reached this process (a worker's uplink skipped them).</summary>
    public void Remember(string experimentId, IEnumerable<CurvePoint> points)
    {
        var stream = _streams.GetOrAdd(experimentId, _ => new Stream());
        lock (stream)
            foreach (var point in points) stream.History.Add(point);
    }

    /// <summary>Subscribes a queue to the status changes of every experiment (for lists of experiments).</summary>
    public IDisposable SubscribeStatuses(ClientQueue queue)
    {
        lock (_statuses) _statuses.Subscribers.Add(queue);
        return new Subscription(_statuses, queue);
    }

    /// <summary>Subscribes a queue; it receives the latest status and progress, the curve so far and the latest frame at once, then the live stream.</summary>
    public IDisposable Subscribe(string experimentId, ClientQueue queue)
    {
        var stream = _streams.GetOrAdd(experimentId, _ => new Stream());
        lock (stream)
        {
            var history = stream.History.Snapshot() is { } curve && stream.Frame is { } frame
                ? new HistoryMessage { ExperimentId = experimentId, Curve = curve, Sequence = frame.Sequence, PublishedAt = DateTime.UtcNow }
                : null;
            foreach (var latest in new ExperimentMessage?[] { stream.Status, stream.Progress, history, stream.Frame })
                if (latest is not null) queue.Enqueue(latest);
            stream.Subscribers.Add(queue);
        }
        return new Subscription(stream, queue);
    }

    /// <summary>The latest frame of an experiment, if it produced one.</summary>
    public FrameMessage? LatestFrame(string experimentId) => _streams.TryGetValue(experimentId, out var stream) ? stream.Frame : null;

    public int SubscriberCount(string experimentId) => _streams.TryGetValue(experimentId, out var stream) ? stream.Subscribers.Count : 0;

    sealed class Stream
    {
        public long Sequence;
        public StatusMessage? Status;
        public ProgressMessage? Progress;
        public FrameMessage? Frame;
        public readonly CurveHistory History = new();
        public readonly List<ClientQueue> Subscribers = [];
    }

    sealed class Subscription(Stream stream, ClientQueue queue) : IDisposable
    {
        public void Dispose()
        {
            lock (stream) stream.Subscribers.Remove(queue);
        }
    }
}
