using Cortex.Server.Dispatch;
using Cortex.Server.Experiments;
using Cortex.Server.Storage;
using Cortex.Server.Streaming;
using Cortex.Web.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Server.Tests.Dispatch;

/// <summary>At start the pipeline connects the bus to the live streams and the stored progress, and only then interrupts what a crash left running.</summary>
public sealed class ExperimentPipelineTests : IAsyncLifetime
{
    readonly string _directory = Directory.CreateTempSubdirectory("cortex-pipeline-").FullName;
    readonly CortexDatabase _database;
    readonly InProcessExperimentEvents _events = new(NullLogger<InProcessExperimentEvents>.Instance);
    readonly ExperimentStore _store;
    readonly ExperimentStreams _streams = new();
    readonly ExperimentPipeline _pipeline;

    public ExperimentPipelineTests()
    {
        _database = CortexDatabase.Open(_directory);
        _store = new ExperimentStore(_database, _events, new Cortex.Server.Services.FindingFeed(NullLogger<Cortex.Server.Services.FindingFeed>.Instance), TimeProvider.System);
        _pipeline = new ExperimentPipeline(new CrashedClusterOfOne(_store), _events, _streams, _store, NullLogger<ExperimentPipeline>.Instance);
    }

    void AddRunning(string id)
    {
        _store.Add(new StoredExperiment { Id = id, Name = id, ModelId = "builtin", ConceptIds = [], Parameters = new(), CreatedBy = "tester", QueuedAt = DateTime.UtcNow });
        _store.TakeNext(_ => true, "tester");
    }

    [Fact]
    public async Task An_experiment_left_running_is_interrupted_and_its_stream_says_so()
    {
        AddRunning("left");

        await _pipeline.StartAsync(CancellationToken.None);

        Assert.Equal(ExperimentStatus.Interrupted, _store.Get("left")!.Status);
        var status = await LatestStatusAsync("left", s => s.Status == "interrupted");
        Assert.Contains("re-queue", status.Error);
    }

    [Fact]
    public async Task Progress_and_statuses_on_the_bus_reach_the_database_and_the_stream()
    {
        await _pipeline.StartAsync(CancellationToken.None);
        AddRunning("run");

        _events.Publish(new ExperimentProgressed(new ProgressMessage { ExperimentId = "run", Stage = RunStages.Extractor, StageIndex = 2, StageCount = 3, Fraction = 1 }));

        await LatestStatusAsync("run", s => s.Status == "running");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_store.Get("run")!.Stage != RunStages.Extractor && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal((RunStages.Extractor, 1.0), (_store.Get("run")!.Stage, _store.Get("run")!.Progress));
    }

    async Task<StatusMessage> LatestStatusAsync(string experimentId, Func<StatusMessage, bool> wanted)
    {
        var queue = new ClientQueue(_ => { });
        using var subscription = _streams.Subscribe(experimentId, queue);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
            foreach (var message in await queue.TakeAsync(timeout.Token))
                if (message is StatusMessage status && wanted(status)) return status;
    }

    /// <summary>The queue's part the pipeline relies on: a cluster of one reconciles by interrupting what was left running.</summary>
    sealed class CrashedClusterOfOne(ExperimentStore store) : IExperimentQueue
    {
        public void Enqueue(StoredExperiment experiment) => store.Add(experiment);

        public (StoredExperiment? Experiment, bool Changed) Requeue(string experimentId) => store.Requeue(experimentId);

        public (StoredExperiment? Experiment, CancelResult Result) Cancel(string experimentId) => (store.Get(experimentId), CancelResult.Refused);

        public int Reconcile() => store.InterruptLeftovers();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _pipeline.StopAsync(CancellationToken.None);
        _events.Dispose();
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
