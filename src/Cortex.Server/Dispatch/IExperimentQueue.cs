using Cortex.Server.Storage;

namespace Cortex.Server.Dispatch;

/// <summary>
/// Where queued experiments wait for compute, as the services see it: queue, queue again, cancel, and reconcile at start.
/// The cluster's scheduler (<see cref="Cluster.ClusterScheduler"/>) stands behind it and hands the queued ones to the
/// workers, so the services never learn whether a run happens in this process or on another machine.
/// </summary>
public interface IExperimentQueue
{
    /// <summary>Stores a new experiment as queued (oldest first) and wakes the scheduler.</summary>
    void Enqueue(StoredExperiment experiment);

    /// <summary>Puts a failed, cancelled or interrupted experiment back in the queue; unchanged (false) in any other state, null when the id is unknown.</summary>
    (StoredExperiment? Experiment, bool Changed) Requeue(string experimentId);

    /// <summary>Cancels a queued experiment at once, or asks the worker that runs it to stop.</summary>
    (StoredExperiment? Experiment, CancelResult Result) Cancel(string experimentId);

    /// <summary>At start: what an earlier process left running and no worker still holds becomes interrupted. Returns how many at once.</summary>
    int Reconcile();
}

/// <summary>What <see cref="IExperimentQueue.Cancel"/> did.</summary>
public enum CancelResult
{
    /// <summary>Neither queued nor running (or unknown): nothing to cancel.</summary>
    Refused,
    CancelledWhileQueued,
    /// <summary>The worker was asked to stop; the run ends cancelled once it notices.</summary>
    ClaimerAsked,
}
