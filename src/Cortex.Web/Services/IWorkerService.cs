namespace Cortex.Web.Services;

/// <summary>The compute workers that joined the cluster (the head's own included), for server administrators. The server implements it.</summary>
public interface IWorkerService
{
    /// <summary>Every worker the head knows now, by name.</summary>
    Task<IReadOnlyList<WorkerSummary>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>A worker: where it runs and on what device, how many experiments it runs at once, those it runs now, and when it last reported (UTC).</summary>
public sealed record WorkerSummary(string Name, string Machine, string Device, int Slots, IReadOnlyList<RunningExperiment> Running, DateTime LastSeen);

/// <summary>An experiment a worker runs now; its name is null when the head no longer has it.</summary>
public sealed record RunningExperiment(string Id, string? Name);
