using Cortex.Server.Telemetry;
using Cortex.Compute.Models;
using Cortex.Server.Accounts;
using Cortex.Server.Cluster;
using Cortex.Server.Dispatch;
using Cortex.Server.Experiments;
using Cortex.Server.Models;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Cortex.Server.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace Cortex.Server.Tests.Cluster;

/// <summary>
/// An in-process Orleans cluster: one head silo hosting <see cref="ClusterHeadGrain"/> with the real <see cref="ClusterScheduler"/>
/// on a real LiteDB file, and worker silos that host <see cref="FakeWorker"/>s (so a test decides when a run ends). Members are
/// configured by <see cref="SiloSetup.ConfigureMember"/> like the real ones, with membership probes fast enough for tests.
/// </summary>
public sealed class SchedulerCluster : IAsyncDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("cortex-cluster-").FullName;
    readonly ClusterSettings _settings;
    readonly CortexOptions _options;
    readonly InProcessTestCluster _cluster;
    bool _nextIsHead = true;

    SchedulerCluster(int maxConcurrent, int maxAttempts, int reconcileSeconds)
    {
        // An address marks the head as clustered (remote workers may report runs after its restart); the test cluster's own membership replaces Redis.
        _settings = new ClusterSettings { Address = "in-process", MaxAttempts = maxAttempts, ReconcileSeconds = reconcileSeconds, ProbeSeconds = 1 };
        _options = new CortexOptions { DataDirectory = _directory, MaxConcurrentExperiments = maxConcurrent, QueuePollMilliseconds = 200 };
        Database = CortexDatabase.Open(_directory);
        var builtIn = Directory.CreateDirectory(Path.Combine(_directory, "builtin")).FullName;
        File.WriteAllText(Path.Combine(builtIn, "weights.bin"), "the built-in model's files, offered to workers by hash");
        Compute.Native.TorchRuntime.Initialize();
        var model = new HostedModel(ModelRegistry.BuiltInId, null!, [], [], new PriorSampling(1, 0), null, []);
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.AssumeHomogenousSilosForTesting = false;
        builder.Options.InitializeClientOnDeploy = false;
        builder.ConfigureSilo((_, silo) =>
        {
            var head = _nextIsHead;
            _nextIsHead = false;
            SiloSetup.ConfigureMember(silo, _settings, head);
            if (head) AddHead(silo.Services, new ModelRegistry(model, builtIn, Database, null!, Microsoft.Extensions.Options.Options.Create(_options), TorchSharp.torch.CPU));
        });
        _cluster = builder.Build();
    }

    public CortexDatabase Database { get; private set; }

    public InProcessSiloHandle Head { get; private set; } = null!;

    public ExperimentStore Store => Head.ServiceProvider.GetRequiredService<ExperimentStore>();

    public ClusterScheduler Scheduler => Head.ServiceProvider.GetRequiredService<ClusterScheduler>();

    public static async Task<SchedulerCluster> StartAsync(int maxConcurrent = 4, int maxAttempts = 2, int reconcileSeconds = 20)
    {
        var cluster = new SchedulerCluster(maxConcurrent, maxAttempts, reconcileSeconds);
        await cluster._cluster.DeployAsync();
        cluster.Head = cluster._cluster.Silos[0];
        return cluster;
    }

    /// <summary>The head's registrations that the scheduler needs, as <c>AddCortexExperiments</c> and <c>AddCortexCluster</c> make them.</summary>
    void AddHead(IServiceCollection services, ModelRegistry registry)
    {
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(_options));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(_settings));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Database);
        services.AddSingleton(registry);
        services.AddSingleton<IExperimentEvents, InProcessExperimentEvents>();
        services.AddSingleton<ExperimentStreams>();
        services.AddSingleton<Cortex.Server.Services.FindingFeed>();
        services.AddSingleton<ExperimentStore>();
        services.AddSingleton<ConceptImageStore>();
        services.AddSingleton<AuditLog>();
        services.AddMetrics();
        services.AddSingleton<CortexMetrics>();
        services.AddSingleton<ContentShelf>();
        services.AddSingleton<ModelManifests>();
        services.AddSingleton<ModelsDirectory>(_ => null!);
        services.AddSingleton<ClusterScheduler>();
        services.AddSingleton<IExperimentQueue>(s => s.GetRequiredService<ClusterScheduler>());
        services.AddHostedService<ExperimentPipeline>();
        services.AddHostedService(s => s.GetRequiredService<ClusterScheduler>());
    }

    public async Task<InProcessSiloHandle> StartWorkerSiloAsync() => await _cluster.StartAdditionalSiloAsync();

    /// <summary>Kills the head's silo and starts a new head on the same database file, as a restarted <c>cortex serve</c> would.</summary>
    public async Task RestartHeadAsync()
    {
        await _cluster.KillSiloAsync(Head);
        Database.Dispose();
        Database = CortexDatabase.Open(_directory);
        _nextIsHead = true;
        Head = await _cluster.StartAdditionalSiloAsync();
    }

    public Task KillAsync(InProcessSiloHandle silo) => _cluster.KillSiloAsync(silo);

    public StoredExperiment Enqueue(string id, string device = ExperimentDevices.Any)
    {
        var experiment = new StoredExperiment
        {
            Id = id, Name = id, ModelId = ModelRegistry.BuiltInId, ConceptIds = [], Parameters = new StoredExperimentParameters { Device = device },
            CreatedBy = "tester", QueuedAt = DateTime.UtcNow,
        };
        Scheduler.Enqueue(experiment);
        return experiment;
    }

    /// <summary>Waits (bounded) until the stored experiment satisfies <paramref name="wanted"/>, and returns it.</summary>
    public async Task<StoredExperiment> WaitForAsync(string id, Func<StoredExperiment, bool> wanted, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var stored = Store.Get(id)!;
            if (wanted(stored)) return stored;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{id} did not become {what} in {seconds} s; it is {stored.Status} on {stored.Worker}, attempt {stored.Attempts}: {stored.Error}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Database.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
