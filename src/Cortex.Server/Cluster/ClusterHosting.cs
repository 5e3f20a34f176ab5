using Cortex.Server.Models;
using Cortex.Server.Telemetry;
using Cortex.Server.Dispatch;

namespace Cortex.Server.Cluster;

/// <summary>The head's part in the cluster: its silo, the scheduler behind the queue, what it offers workers, and its own worker.</summary>
public static class ClusterHosting
{
    /// <summary>The head's own worker's name in the cluster, spans, log scopes and health reports.</summary>
    public const string LocalWorkerName = "local";

    public static WebApplicationBuilder AddCortexCluster(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ClusterSettings.Section);
        builder.Services.AddOptions<ClusterSettings>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var settings = section.Get<ClusterSettings>() ?? new ClusterSettings();
        SiloSetup.QuietLogs(builder.Logging);
        builder.UseOrleans(silo => SiloSetup.Configure(silo, settings, head: true));
        builder.Services.AddSingleton<ContentShelf>();
        builder.Services.AddSingleton<ModelManifests>();
        builder.Services.AddSingleton<ClusterScheduler>();
        builder.Services.AddSingleton<IExperimentQueue>(services => services.GetRequiredService<ClusterScheduler>());
        builder.Services.AddSingleton<IWorkerRoster>(services => services.GetRequiredService<ClusterScheduler>());
        builder.Services.AddHostedService(services => services.GetRequiredService<ClusterScheduler>());
        if (settings.LocalWorker)
        {
            builder.Services.AddSingleton<IRunInputs, HeadRunInputs>();
            builder.Services.AddSingleton(services =>
            {
                var device = services.GetRequiredService<ModelRegistry>().Device;
                return new WorkerIdentity(LocalWorkerName, Environment.MachineName, TorchRuntime.Name(device), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Options.CortexOptions>>().Value.MaxConcurrentExperiments);
            });
            builder.Services.AddHostedService<WorkerAgent>();
        }
        return builder;
    }
}
