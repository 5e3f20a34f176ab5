using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Server.Telemetry.Health;

/// <summary>At least one compute worker is alive to take queued experiments (today the local one; cluster members later).</summary>
public sealed class ClusterHealthCheck(IWorkerRoster roster) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var workers = roster.Workers();
        var data = workers.ToDictionary(w => w.Name, w => (object)(w.Alive ? $"alive on {w.Device}" : $"not running on {w.Device}"));
        var alive = workers.Count(w => w.Alive);
        var description = $"{alive} of {workers.Count} compute worker{(workers.Count == 1 ? "" : "s")} alive.";
        return Task.FromResult(alive > 0 ? HealthCheckResult.Healthy(description, data) : HealthCheckResult.Unhealthy(description + " Queued experiments wait until one runs.", data: data));
    }
}
