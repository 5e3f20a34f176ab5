using Cortex.Server.Experiments;
using Cortex.Server.Storage;

namespace Cortex.Server.Dispatch;

/// <summary>An experiment a worker took from the queue: already stored as running; <paramref name="Cancelled"/> fires when someone cancels it.</summary>
public sealed record ExperimentClaim(StoredExperiment Experiment, string Device, CancellationToken Cancelled);

/// <summary>How a claimed run ended, as its worker hands it back to the queue.</summary>
public abstract record RunEnd;

/// <summary>The results, stored with the status succeeded in one transaction.</summary>
public sealed record RunSucceeded(ExperimentOutcome Outcome) : RunEnd;

public sealed record RunFailed(string Error) : RunEnd;

/// <summary>Stopped because the claim was cancelled.</summary>
public sealed record RunCancelled : RunEnd;

/// <summary>The worker is shutting down: the experiment stays running in the database, and <see cref="IExperimentQueue.Reconcile"/> interrupts it at the next start.</summary>
public sealed record RunAbandoned : RunEnd;
