using Cortex.Server.Storage;

namespace Cortex.Server.Dispatch;

/// <summary>
/// Where queued experiments wait for compute, and how a worker takes one and gives it back. The in-process
/// queue (<see cref="InProcessExperimentQueue"/>) serves the worker beside the web server; a cluster puts its
/// own scheduler behind the same calls, so the services and the worker never learn which one runs.
/// </summary>
public interface IExperimentQueue
{
    /// <summary>Stores a new experiment as queued (oldest first) and wakes a claimer.</summary>
    void Enqueue(StoredExperiment experiment);

    /// <summary>Puts a failed, cancelled or interrupted experiment back in the queue; unchanged (false) in any other state, null when the id is unknown.</summary>
    (StoredExperiment? Experiment, bool Changed) Requeue(string experimentId);

    /// <summary>
    /// Waits until an experiment is queued and <paramref name="device"/> has a free slot (at most
    /// <c>Cortex:MaxConcurrentExperiments</c> claims per device), then marks the oldest running and hands it over.
    /// Every claim must end in <see cref="Complete"/>, which frees its slot.
    /// </summary>
    Task<ExperimentClaim> ClaimAsync(string device, CancellationToken cancellationToken);

    /// <summary>Stores how the claimed run ended and frees its slot (also when storing throws); the stored experiment, or null for <see cref="RunAbandoned"/>.</summary>
    StoredExperiment? Complete(ExperimentClaim claim, RunEnd end);

    /// <summary>Cancels a queued experiment at once, or asks the claimer of a running one to stop through its claim's token.</summary>
    (StoredExperiment? Experiment, CancelResult Result) Cancel(string experimentId);

    /// <summary>At start, before any claim: what an earlier process left claimed can no longer finish, so it becomes interrupted. Returns how many.</summary>
    int Reconcile();
}

/// <summary>What <see cref="IExperimentQueue.Cancel"/> did.</summary>
public enum CancelResult
{
    /// <summary>Neither queued nor running (or unknown): nothing to cancel.</summary>
    Refused,
    CancelledWhileQueued,
    /// <summary>The claimer was asked to stop; the run ends cancelled once it notices.</summary>
    ClaimerAsked,
}
