namespace Cortex.Server.Dispatch;

/// <summary>
/// One subscriber's pending events, in publish order. Posting never waits: beyond <see cref="SupersededCapacity"/>
/// pending events of one superseded kind of one experiment the oldest of them is dropped (a slow subscriber sees the
/// newest frames), beyond <see cref="OrderedCapacity"/> other events the oldest of those (only a stuck subscriber gets there).
/// </summary>
public sealed class EventMailbox
{
    public const int SupersededCapacity = 64;
    public const int OrderedCapacity = 4096;

    readonly Lock _gate = new();
    readonly LinkedList<ExperimentEvent> _pending = new();
    readonly Dictionary<(string Experiment, Type Kind), Queue<LinkedListNode<ExperimentEvent>>> _superseded = [];
    readonly SemaphoreSlim _signal = new(0);
    int _ordered;
    long _dropped;

    /// <summary>Events dropped before the subscriber read them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Post(ExperimentEvent experimentEvent)
    {
        lock (_gate)
        {
            var node = _pending.AddLast(experimentEvent);
            if (experimentEvent.Superseded)
            {
                var key = (experimentEvent.ExperimentId, experimentEvent.GetType());
                if (!_superseded.TryGetValue(key, out var kind)) _superseded[key] = kind = new();
                kind.Enqueue(node);
                if (kind.Count > SupersededCapacity) Drop(kind.Dequeue());
            }
            else if (++_ordered > OrderedCapacity)
            {
                var oldest = _pending.First!;
                while (oldest.Value.Superseded) oldest = oldest.Next!;
                Drop(oldest);
                _ordered--;
            }
        }
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    /// <summary>Waits for events and returns all that are pending, oldest first.</summary>
    public async Task<IReadOnlyList<ExperimentEvent>> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _signal.WaitAsync(cancellationToken);
            lock (_gate)
            {
                if (_pending.Count == 0) continue;
                var pending = _pending.ToList();
                _pending.Clear();
                _superseded.Clear();
                _ordered = 0;
                return pending;
            }
        }
    }

    void Drop(LinkedListNode<ExperimentEvent> node)
    {
        _pending.Remove(node);
        _dropped++;
    }
}
