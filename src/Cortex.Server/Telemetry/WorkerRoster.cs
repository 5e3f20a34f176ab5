using Cortex.Server.Experiments;
using Cortex.Server.Models;

namespace Cortex.Server.Telemetry;

/// <summary>A compute worker as the head sees it: its name, the device it runs on, and whether it is alive.</summary>
public sealed record WorkerState(string Name, string Device, bool Alive);

/// <summary>
/// The compute workers the head knows of, for the workers-alive gauge and the cluster health check. Today
/// that is the one in-process worker; cluster membership adds its members behind the same interface.
/// </summary>
public interface IWorkerRoster
{
    IReadOnlyList<WorkerState> Workers();
}

/// <summary>The in-process worker: alive while its loop runs.</summary>
public sealed class LocalWorkerRoster(ComputeWorker worker, ModelRegistry models) : IWorkerRoster
{
    /// <summary>The local worker's name in spans, log scopes and health reports.</summary>
    public const string Name = "local";

    public IReadOnlyList<WorkerState> Workers() => [new(Name, TorchRuntime.Name(models.Device), worker.ExecuteTask is { IsCompleted: false })];
}
