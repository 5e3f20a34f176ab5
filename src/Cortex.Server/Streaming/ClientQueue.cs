using Cortex.Web.Services;

namespace Cortex.Server.Streaming;

/// <summary>
/// One subscriber's outbox. Frames and progress are latest-wins (a slow reader sees the newest and
/// the older ones are dropped and counted); status, saliency and log messages keep their order, up to
/// a bound. Publishing never waits, so a slow client can neither slow the compute nor grow memory.
/// Each drop is also told to <paramref name="dropped"/> with the dropped message's kind (the metrics' counter).
/// </summary>
public sealed class ClientQueue(Action<string> dropped)
{
    const int OrderedCapacity = 512;

    readonly Lock _gate = new();
    readonly Queue<ExperimentMessage> _ordered = new();
    readonly SemaphoreSlim _signal = new(0);
    FrameMessage? _frame;
    ProgressMessage? _progress;
    long _dropped;

    /// <summary>Messages replaced or discarded before this client read them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(ExperimentMessage message)
    {
        lock (_gate)
        {
            switch (message)
            {
                case FrameMessage frame:
                    if (_frame is not null) Drop(_frame);
                    _frame = frame;
                    break;
                case ProgressMessage progress:
                    if (_progress is not null) Drop(_progress);
                    _progress = progress;
                    break;
                default:
                    if (_ordered.Count == OrderedCapacity) Drop(_ordered.Dequeue());
                    _ordered.Enqueue(message);
                    break;
            }
        }
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    void Drop(ExperimentMessage message)
    {
        Interlocked.Increment(ref _dropped);
        dropped(message.Kind);
    }

    /// <summary>Waits for messages and returns all that are pending, in sequence order.</summary>
    public async Task<IReadOnlyList<ExperimentMessage>> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _signal.WaitAsync(cancellationToken);
            lock (_gate)
            {
                var pending = new List<ExperimentMessage>(_ordered);
                _ordered.Clear();
                if (_progress is not null) pending.Add(_progress);
                if (_frame is not null) pending.Add(_frame);
                (_progress, _frame) = (null, null);
                if (pending.Count > 0) return pending.OrderBy(m => m.Sequence).ToList();
            }
        }
    }
}
