using Cortex.Server.Dispatch;
using Cortex.Server.Models;
using Cortex.Server.Storage;
using Cortex.Server.Telemetry;

namespace Cortex.Server.Experiments;

/// <summary>
/// Claims experiments from the queue (<see cref="IExperimentQueue"/>) for this process's device and runs them side by side, as many as the
/// queue grants it slots (each borrows its model from the registry, which several runs may share). An experiment's exception fails that
/// experiment, never the worker; cancelling the claim reaches the running method through its token. What a run reports goes to the bus.
/// </summary>
public sealed class ComputeWorker(IExperimentQueue queue, IExperimentEvents events, CortexDatabase database, ConceptImageStore images, ModelRegistry models,
    Accounts.AuditLog audit, CortexMetrics metrics, ILogger<ComputeWorker> logger) : BackgroundService
{
    /// <summary>The actor of what the worker does by itself in the audit trail.</summary>
    public const string Worker = "cortex worker";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var device = models.Device.ToString();
        while (!stoppingToken.IsCancellationRequested)
        {
            var claim = await queue.ClaimAsync(device, stoppingToken);
            _ = Task.Run(() => RunAsync(claim, stoppingToken), CancellationToken.None);
        }
    }

    async Task RunAsync(ExperimentClaim claim, CancellationToken stoppingToken)
    {
        var experiment = claim.Experiment;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(claim.Cancelled, stoppingToken);
        audit.Record(Worker, "started running it", "experiment", experiment.Id);
        using var run = new RunTelemetry(experiment, LocalWorkerRoster.Name, TorchRuntime.Name(models.Device), metrics, logger);
        try
        {
            var concepts = experiment.ConceptIds.Select(id => database.Concepts.FindById(id)
                ?? throw new InvalidOperationException($"Concept {id} was deleted before the experiment ran.")).ToList();
            var sink = new ExperimentSink(experiment, events, run);
            var outcome = await models.RunAsync(experiment.ModelId, model => ExperimentRunner.Run(experiment, concepts, model, images, sink, cancellation.Token), cancellation.Token);
            var succeeded = queue.Complete(claim, new RunSucceeded(outcome))!;
            run.Finished(succeeded);
            var failedChecks = succeeded.FailedChecks().Select(c => c.Name).ToList();
            if (failedChecks.Count == 0) audit.Record(Worker, "finished it: succeeded", "experiment", experiment.Id);
            else audit.Record(Worker, "finished it: succeeded with warnings", "experiment", experiment.Id, $"failed checks: {string.Join(", ", failedChecks)}");
        }
        catch (OperationCanceledException) when (claim.Cancelled.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            if (queue.Complete(claim, new RunCancelled()) is { } cancelled) run.Finished(cancelled);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the experiment stays "running" in the database and is marked interrupted at the next start.
            queue.Complete(claim, new RunAbandoned());
        }
        catch (Exception e)
        {
            var reason = e.Message.Split('\n', 2)[0].Trim();
            if (queue.Complete(claim, new RunFailed(reason)) is { } failed) run.Finished(failed, e);
            audit.Record(Worker, "finished it: failed", "experiment", experiment.Id, reason);
        }
    }
}
