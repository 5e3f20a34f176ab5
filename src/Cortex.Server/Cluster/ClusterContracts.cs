using Cortex.Server.Storage;
using Cortex.Server.Dispatch;
using Cortex.Server.Experiments;

namespace Cortex.Server.Cluster;

/// <summary>
/// The head of the cluster: the one grain that only the head's silo hosts (workers leave its class out, see
/// <see cref="SiloSetup"/>), so every call lands beside the database. Workers join it with a reference to their
/// <see cref="IWorkerControl"/>, stream their runs' events to it and hand their results back to it.
/// </summary>
public interface IClusterHead : IGrainWithIntegerKey
{
    /// <summary>A worker (re)joins with the runs it still holds; the answer lists those the head no longer wants it to finish.</summary>
    Task<IReadOnlyList<string>> Join(WorkerCard card, IWorkerControl control);

    /// <summary>The worker is alive; false when the head does not know it (the head restarted), so it joins again with its runs.</summary>
    Task<bool> Heartbeat(string worker);

    /// <summary>Live events of the worker's runs, newest progress and frames only (older ones were skipped on the worker).</summary>
    Task Report(string worker, EventBatch batch);

    /// <summary>A run ended on the worker; the head stores it unless the lease is no longer the run's (it was given up and requeued).</summary>
    Task Finish(string worker, RunLease lease, RunReport report);

    /// <summary>Part of the content with this SHA-256 (a model file or a concept image): at most <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
    Task<byte[]> Read(string hash, long offset, int count);
}

/// <summary>What the head asks of a worker, called on the worker's own process.</summary>
public interface IWorkerControl : IGrainObserver
{
    Task Start(RunAssignment assignment);

    Task Cancel(string experimentId);
}

/// <summary>A worker as it presents itself: where it runs, on what, with how many slots, and the runs it holds.</summary>
public sealed record WorkerCard(string Name, string Machine, string Device, int Slots, string Silo, IReadOnlyList<RunLease> Running);

/// <summary>One start of an experiment on a worker: the n-th attempt. A result counts only for the lease the head gave last.</summary>
public sealed record RunLease(string ExperimentId, int Attempt);

/// <summary>
/// Everything a worker needs to run an experiment: its documents, the uploaded images per concept id (by content hash,
/// in order), and the model's files by content hash, fetched from the head and cached on the worker.
/// </summary>
public sealed record RunAssignment(StoredExperiment Experiment, IReadOnlyList<StoredConcept> Concepts,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Images, ModelManifest Model, int Attempt)
{
    public RunLease Lease => new(Experiment.Id, Attempt);
}

/// <summary>Live events on their way from a worker to the head, in the order they happened.</summary>
public sealed record EventBatch(IReadOnlyList<ExperimentEvent> Events);

public enum RunEndKind { Succeeded, Failed, Cancelled }

/// <summary>How a run ended on its worker: the outcome to store, or the reason it failed.</summary>
public sealed record RunReport(RunEndKind Kind, ExperimentOutcome? Outcome, string? Error);
