namespace Cortex.Server.Telemetry;

/// <summary>A compute worker as the head sees it: its name, machine and device, its slots, the experiments it runs, and when it last reported.</summary>
public sealed record WorkerState(string Name, string Device, bool Alive, string Machine, int Slots, IReadOnlyList<string> Running, DateTime LastSeen);

/// <summary>The compute workers that joined the head (its own included), for the Workers page, the workers-alive gauge and the cluster health check.</summary>
public interface IWorkerRoster
{
    IReadOnlyList<WorkerState> Workers();
}
