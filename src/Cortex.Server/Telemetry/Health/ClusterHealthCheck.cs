using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Cortex.Server.Telemetry.Health;

/// <summary>
/// This head's silo is an active member of the cluster, and at least one compute worker has joined it to take queued
/// experiments (the head's own, or one on another machine).
/// </summary>
public sealed class ClusterHealthCheck(IWorkerRoster roster, IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var members = membership.CurrentSnapshot.Members;
        var own = members.TryGetValue(silo.SiloAddress, out var entry) ? entry.Status : SiloStatus.None;
        var active = members.Values.Count(m => m.Status == SiloStatus.Active);
        if (own != SiloStatus.Active)
            return Task.FromResult(HealthCheckResult.Unhealthy($"This head is not an active cluster member (its silo is {own})."));
        var workers = roster.Workers();
        var data = workers.ToDictionary(w => w.Name, w => (object)(w.Alive ? $"alive on {w.Device}" : $"not running on {w.Device}"));
        var alive = workers.Count(w => w.Alive);
        var description = $"{alive} of {workers.Count} compute worker{(workers.Count == 1 ? "" : "s")} alive; {active} active silo{(active == 1 ? "" : "s")} in the cluster.";
        return Task.FromResult(alive > 0 ? HealthCheckResult.Healthy(description, data) : HealthCheckResult.Unhealthy(description + " Queued experiments wait until one runs.", data: data));
    }
}
