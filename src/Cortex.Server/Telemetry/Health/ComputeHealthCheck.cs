using Cortex.Server.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Server.Telemetry.Health;

/// <summary>
/// The compute device is set up: libtorch initialised on the device the registry runs on, a GPU still
/// visible to CUDA, and the built-in model loaded on it. Asks CUDA nothing that waits for running work,
/// so a long run on the GPU never makes the check slow.
/// </summary>
public sealed class ComputeHealthCheck(ModelRegistry models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var device = TorchRuntime.Name(models.Device);
        var data = new Dictionary<string, object> { ["device"] = device, ["libtorch"] = TorchRuntime.Version, ["modelLoaded"] = models.BuiltIn is not null };
        if (models.Device.type == DeviceType.CUDA && !torch.cuda.is_available())
            return Task.FromResult(HealthCheckResult.Unhealthy($"The compute device {device} is no longer visible to CUDA.", data: data));
        if (models.BuiltIn is null) return Task.FromResult(HealthCheckResult.Unhealthy($"The built-in model is not loaded on {device}.", data: data));
        return Task.FromResult(HealthCheckResult.Healthy(TorchRuntime.Describe(models.Device), data));
    }
}
