using Cortex.Server.Dispatch;

namespace Cortex.Server.Cluster;

/// <summary>
/// Carries a worker's live events to the head, one call in flight: while a call is on its way, newer progress and frames of a
/// run replace the ones still waiting (<see cref="ExperimentEvent.Superseded"/>), so a slow head or link skips frames and never
/// slows the run; saliency maps, log lines and status are kept in order. A failed call is retried with what is still wanted.
/// </summary>
public sealed class EventUplink : IAsyncDisposable
{
    /// <summary>Kept events beyond which the oldest log lines and maps are dropped while the head cannot be reached.</summary>
    const int MaxWaiting = 2_000;

    readonly Func<IReadOnlyList<ExperimentEvent>, Task> _send;
    readonly ILogger _logger;
    readonly Lock _gate = new();
    readonly SemaphoreSlim _signal = new(0);
    readonly CancellationTokenSource _stop = new();
    readonly Task _pump;
    List<ExperimentEvent> _waiting = [];
    TaskCompletionSource? _drained;
    bool _sending;

    public EventUplink(Func<IReadOnlyList<ExperimentEvent>, Task> send, ILogger logger)
    {
        (_send, _logger) = (send, logger);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Events replaced before they were sent, for the frames-dropped figure.</summary>
    public long Skipped { get; private set; }

    public void Publish(ExperimentEvent experimentEvent)
    {
        lock (_gate)
        {
            if (experimentEvent.Superseded)
            {
                var older = _waiting.FindIndex(e => e.GetType() == experimentEvent.GetType() && e.ExperimentId == experimentEvent.ExperimentId);
                if (older >= 0)
                {
                    _waiting[older] = experimentEvent.Replacing(_waiting[older]);
                    Skipped++;
                    return;
                }
            }
            if (_waiting.Count >= MaxWaiting) _waiting.RemoveAt(0);
            _waiting.Add(experimentEvent);
        }
        _signal.Release();
    }

    /// <summary>Waits until everything published so far has reached the head (a run's last events go before its result).</summary>
    public Task DrainedAsync()
    {
        lock (_gate)
        {
            if (_waiting.Count == 0 && !_sending) return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _signal.Release();
            return _drained.Task;
        }
    }

    async Task PumpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            List<ExperimentEvent> batch;
            lock (_gate) (batch, _waiting, _sending) = (_waiting, [], true);
            if (batch.Count > 0 && !await TrySendAsync(batch))
            {
                lock (_gate)
                {
                    _sending = false;
                    // Keep what still matters: the newer events published meanwhile win over the old progress and frames.
                    foreach (var old in batch.AsEnumerable().Reverse())
                    {
                        var newer = old.Superseded ? _waiting.FindIndex(w => w.GetType() == old.GetType() && w.ExperimentId == old.ExperimentId) : -1;
                        if (newer >= 0) _waiting[newer] = _waiting[newer].Replacing(old);
                        else _waiting.Insert(0, old);
                    }
                }
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                _signal.Release();
                continue;
            }
            lock (_gate)
            {
                _sending = false;
                if (_waiting.Count == 0 && _drained is { } drained)
                {
                    _drained = null;
                    drained.SetResult();
                }
            }
        }
    }

    async Task<bool> TrySendAsync(List<ExperimentEvent> batch)
    {
        try
        {
            await _send(batch);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("Could not send {Count} live events to the head ({Reason}); retrying.", batch.Count, e.Message.Split('\n')[0]);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        lock (_gate) _drained?.TrySetResult();
    }
}
