using Cortex.Compute.Native;
using Cortex.Server.Cli;
using Cortex.Server.Options;
using Cortex.Server.Telemetry;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Cluster;

/// <summary>The <c>cortex worker</c> process: a silo without the head's grain, a <see cref="WorkerAgent"/>, and its cache of the head's content.</summary>
public static class WorkerHost
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> flags, ComputeOptions compute, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(flags);
        var settings = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        if (settings.Address is null) throw new ClusterSetupException("A worker needs the cluster's address: --cluster HOST:PORT (Cortex:Cluster:Address).");
        var device = TorchRuntime.Initialize(compute);
        var validation = new System.ComponentModel.DataAnnotations.ValidationContext(settings);
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(settings, validation, validateAllProperties: true);
        var name = settings.WorkerName ?? $"{Environment.MachineName}-{settings.SiloPort}";
        var cacheDirectory = settings.CacheDirectory ?? Path.Combine(new CortexOptions().DataDirectory, "worker-cache");

        SiloSetup.QuietLogs(builder.Logging);
        builder.UseOrleans(silo => SiloSetup.Configure(silo, settings, head: false));
        builder.Services.AddSingleton(new WorkerIdentity(name, Environment.MachineName, TorchRuntime.Name(device), settings.Slots));
        builder.Services.AddSingleton(services => new WorkerCache(cacheDirectory, () => services.GetRequiredService<IGrainFactory>().GetGrain<IClusterHead>(0)));
        builder.Services.AddSingleton<IRunInputs>(services => new CachedRunInputs(services.GetRequiredService<WorkerCache>(), device, services.GetRequiredService<ILogger<CachedRunInputs>>()));
        builder.Services.AddHostedService<WorkerAgent>();
        builder.AddCortexExport();
        using var host = builder.Build();
        host.Services.GetRequiredService<ILogger<WorkerAgent>>().LogInformation("Worker {Name} on {Device}, cache {Cache}, joining {Cluster}.", name, TorchRuntime.Describe(device), cacheDirectory, settings.Address);
        await host.RunAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
