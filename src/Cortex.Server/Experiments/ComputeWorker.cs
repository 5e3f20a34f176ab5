using System.Collections.Concurrent;
using Cortex.Server.Models;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Cortex.Server.Streaming;
using Cortex.Server.Telemetry;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Experiments;

/// <summary>
/// Takes experiments from the durable queue and runs them side by side, at most <see cref="CortexOptions.MaxConcurrentExperiments"/>
/// at a time (each borrows its model from the registry, which several runs may share). An experiment's exception fails that experiment, never the worker; cancellation reaches
/// the running method through its token.
/// </summary>
public sealed class ComputeWorker(ExperimentStore store, CortexDatabase database, ConceptImageStore images, ModelRegistry models, ExperimentStreams streams,
    IOptions<CortexOptions> options, Accounts.AuditLog audit, CortexMetrics metrics, ILogger<ComputeWorker> logger) : BackgroundService
{
    /// <summary>The actor of what the worker does by itself in the audit trail.</summary>
    public const string Worker = "cortex worker";

    readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();
    readonly SemaphoreSlim _wake = new(0);

    /// <summary>When the loop last went round; /readyz reports a worker that stopped turning.</summary>
    public DateTime LastHeartbeat { get; private set; } = DateTime.UtcNow;

    /// <summary>Asks a running experiment to stop; false when it is not running here.</summary>
    public bool Cancel(string experimentId)
    {
        if (!_running.TryGetValue(experimentId, out var cancellation)) return false;
        try
        {
            cancellation.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            // The run ended between the lookup and the cancel.
            return false;
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var interrupted = store.InterruptLeftovers();
        if (interrupted > 0) logger.Interrupted(interrupted);
        store.Queued += () => _wake.Release();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slots = new SemaphoreSlim(options.Value.MaxConcurrentExperiments);
        var poll = TimeSpan.FromMilliseconds(options.Value.QueuePollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            LastHeartbeat = DateTime.UtcNow;
            await slots.WaitAsync(stoppingToken);
            var next = store.TakeNext();
            if (next is null)
            {
                slots.Release();
                await _wake.WaitAsync(poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }
            // Cancellable from the moment it is running, before the thread pool gets round to it.
            var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _running[next.Id] = cancellation;
            _ = Task.Run(async () =>
            {
                try
                {
                    await RunAsync(next, cancellation, stoppingToken);
                }
                finally
                {
                    slots.Release();
                }
            }, CancellationToken.None);
        }
    }

    async Task RunAsync(ExperimentDocument experiment, CancellationTokenSource cancellation, CancellationToken stoppingToken)
    {
        audit.Record(Worker, "started running it", "experiment", experiment.Id);
        using var run = new RunTelemetry(experiment, LocalWorkerRoster.Name, TorchRuntime.Name(models.Device), metrics, logger);
        try
        {
            var concepts = experiment.ConceptIds.Select(id => database.Concepts.FindById(id)
                ?? throw new InvalidOperationException($"Concept {id} was deleted before the experiment ran.")).ToList();
            var sink = new ExperimentSink(experiment.Id, streams, (stage, fraction) => store.SaveProgress(experiment.Id, stage, fraction), run);
            var outcome = await models.RunAsync(experiment.ModelId, model => ExperimentRunner.Run(experiment, concepts, model, images, sink, cancellation.Token), cancellation.Token);
            var succeeded = store.Succeed(experiment.Id, outcome);
            run.Finished(succeeded);
            var failedChecks = succeeded.FailedChecks().Select(c => c.Name).ToList();
            if (failedChecks.Count == 0) audit.Record(Worker, "finished it: succeeded", "experiment", experiment.Id);
            else audit.Record(Worker, "finished it: succeeded with warnings", "experiment", experiment.Id, $"failed checks: {string.Join(", ", failedChecks)}");
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            run.Finished(store.MarkCancelled(experiment.Id));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the experiment stays "running" in the database and is marked interrupted at the next start.
        }
        catch (Exception e)
        {
            run.Finished(store.Fail(experiment.Id, e.Message.Split('\n', 2)[0].Trim()), e);
            audit.Record(Worker, "finished it: failed", "experiment", experiment.Id, e.Message.Split('\n', 2)[0].Trim());
        }
        finally
        {
            _running.TryRemove(experiment.Id, out _);
            cancellation.Dispose();
        }
    }
}
