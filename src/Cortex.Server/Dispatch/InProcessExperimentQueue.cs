using System.Collections.Concurrent;
using Cortex.Server.Experiments;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Dispatch;

/// <summary>
/// The queue of one process: the database holds the order (<see cref="ExperimentStore.TakeNext"/> claims under its
/// lock), a semaphore per device holds its slots, and each claim's cancellation lives here until it completes.
/// Claimers wait for a wake-up on enqueue, or poll every <see cref="CortexOptions.QueuePollMilliseconds"/>.
/// </summary>
public sealed class InProcessExperimentQueue(ExperimentStore store, IOptions<CortexOptions> options) : IExperimentQueue
{
    readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new();
    readonly ConcurrentDictionary<string, Claimed> _claims = new();
    readonly SemaphoreSlim _wake = new(0);

    public void Enqueue(StoredExperiment experiment)
    {
        store.Add(experiment);
        _wake.Release();
    }

    public (StoredExperiment? Experiment, bool Changed) Requeue(string experimentId)
    {
        var requeued = store.Requeue(experimentId);
        if (requeued.Changed) _wake.Release();
        return requeued;
    }

    public async Task<ExperimentClaim> ClaimAsync(string device, CancellationToken cancellationToken)
    {
        var slots = _slots.GetOrAdd(device, _ => new SemaphoreSlim(options.Value.MaxConcurrentExperiments));
        var poll = TimeSpan.FromMilliseconds(options.Value.QueuePollMilliseconds);
        await slots.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                if (store.TakeNext() is { } next)
                {
                    // Cancellable from the moment it is running, before the claimer gets round to it.
                    var cancellation = new CancellationTokenSource();
                    _claims[next.Id] = new Claimed(cancellation, slots);
                    return new ExperimentClaim(next, device, cancellation.Token);
                }
                await _wake.WaitAsync(poll, cancellationToken);
            }
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    public StoredExperiment? Complete(ExperimentClaim claim, RunEnd end)
    {
        var id = claim.Experiment.Id;
        try
        {
            return end switch
            {
                RunSucceeded succeeded => store.Succeed(id, succeeded.Outcome),
                RunFailed failed => store.Fail(id, failed.Error),
                RunCancelled => store.MarkCancelled(id),
                RunAbandoned => null,
                _ => throw new ArgumentOutOfRangeException(nameof(end), end, "Unknown end of a run."),
            };
        }
        finally
        {
            // A second completion (storing the success threw, so the claimer reports the failure) finds nothing left to free.
            if (_claims.TryRemove(id, out var claimed))
            {
                claimed.Slots.Release();
                claimed.Cancellation.Dispose();
            }
        }
    }

    public (StoredExperiment? Experiment, CancelResult Result) Cancel(string experimentId)
    {
        var (experiment, changed) = store.CancelQueued(experimentId);
        if (changed) return (experiment, CancelResult.CancelledWhileQueued);
        if (experiment is not { Status: ExperimentStatus.Running } || !_claims.TryGetValue(experimentId, out var claimed)) return (experiment, CancelResult.Refused);
        try
        {
            claimed.Cancellation.Cancel();
            return (experiment, CancelResult.ClaimerAsked);
        }
        catch (ObjectDisposedException)
        {
            // The run completed between the lookup and the cancel.
            return (experiment, CancelResult.Refused);
        }
    }

    public int Reconcile() => store.InterruptLeftovers();

    sealed record Claimed(CancellationTokenSource Cancellation, SemaphoreSlim Slots);
}
