using System.Collections.Concurrent;
using Cortex.Server.Experiments;
using Cortex.Server.Telemetry;
using Orleans.Runtime;

namespace Cortex.Server.Cluster;

/// <summary>
/// A compute worker: joins the head (and joins again whenever the head stops knowing it, e.g. after the head restarted),
/// runs what the head assigns it side by side, streams each run's events through one <see cref="EventUplink"/>, and hands
/// the result back, retrying until the head takes it. Runs the same in the head's process and in <c>cortex worker</c>.
/// Stopping abandons the runs: the head interrupts them when membership declares this worker dead, and queues them again.
/// </summary>
public sealed class WorkerAgent(IGrainFactory grains, ILocalSiloDetails silo, IRunInputs inputs, WorkerIdentity identity, CortexMetrics metrics,
    ILogger<WorkerAgent> logger) : BackgroundService, IWorkerControl
{
    static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    sealed record Run(RunLease Lease, CancellationTokenSource Cancellation)
    {
        /// <summary>The head no longer wants its result (it gave the experiment to another worker meanwhile).</summary>
        public bool Unwanted { get; set; }
    }

    readonly ConcurrentDictionary<string, Run> _runs = new();
    EventUplink? _uplink;
    CancellationToken _stopping;

    IClusterHead Head => grains.GetGrain<IClusterHead>(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var self = grains.CreateObjectReference<IWorkerControl>(this);
        await using var uplink = _uplink = new EventUplink(batch => Head.Report(identity.Name, new EventBatch(batch)), logger);
        var joined = false;
        string? lastProblem = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (joined) joined = await Head.Heartbeat(identity.Name);
                if (!joined)
                {
                    foreach (var id in await Head.Join(Card(), self)) Abandon(id);
                    joined = true;
                    lastProblem = null;
                    logger.JoinedHead(identity.Name);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                joined = false;
                var problem = e.Message.Split('\n')[0];
                if (problem != lastProblem) logger.HeadUnreachable(problem);
                lastProblem = problem;
            }
            try
            {
                await Task.Delay(HeartbeatInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public Task Start(RunAssignment assignment)
    {
        var run = new Run(assignment.Lease, CancellationTokenSource.CreateLinkedTokenSource(_stopping));
        if (_runs.TryAdd(assignment.Experiment.Id, run)) _ = Task.Run(() => RunAsync(assignment, run), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task Cancel(string experimentId)
    {
        if (_runs.TryGetValue(experimentId, out var run)) run.Cancellation.Cancel();
        return Task.CompletedTask;
    }

    async Task RunAsync(RunAssignment assignment, Run run)
    {
        var experiment = assignment.Experiment;
        var token = run.Cancellation.Token;
        using var telemetry = new RunTelemetry(experiment, identity.Name, identity.Device, metrics, logger);
        RunReport report;
        Exception? failure = null;
        try
        {
            var uploaded = new Dictionary<string, IReadOnlyList<byte[]>>();
            foreach (var (conceptId, hashes) in assignment.Images) uploaded[conceptId] = await inputs.ImagesAsync(hashes, token);
            using var model = await inputs.LeaseModelAsync(assignment.Model, token);
            var sink = new ExperimentSink(experiment, _uplink!.Publish, telemetry);
            var outcome = await Task.Run(() => ExperimentRunner.Run(experiment, assignment.Concepts, uploaded, model.Model, sink, token), token);
            report = new RunReport(RunEndKind.Succeeded, outcome, null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !_stopping.IsCancellationRequested && !run.Unwanted)
        {
            report = new RunReport(RunEndKind.Cancelled, null, null);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested || run.Unwanted)
        {
            _runs.TryRemove(experiment.Id, out _);
            return;
        }
        catch (Exception e)
        {
            failure = e;
            report = new RunReport(RunEndKind.Failed, null, e.Message.Split('\n', 2)[0].Trim());
        }
        telemetry.Finished(experiment with
        {
            Status = report.Kind switch { RunEndKind.Succeeded => ExperimentStatus.Succeeded, RunEndKind.Cancelled => ExperimentStatus.Cancelled, _ => ExperimentStatus.Failed },
            Summary = report.Outcome?.Summary, Error = report.Error,
        }, failure);
        await DeliverAsync(run, report);
        _runs.TryRemove(experiment.Id, out _);
        run.Cancellation.Dispose();
    }

    /// <summary>The run's last events first, then its result, retried while the head is away; given up only when this worker stops.</summary>
    async Task DeliverAsync(Run run, RunReport report)
    {
        await _uplink!.DrainedAsync().WaitAsync(_stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (!_stopping.IsCancellationRequested && !run.Unwanted)
        {
            try
            {
                await Head.Finish(identity.Name, run.Lease, report);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.HeadUnreachable(e.Message.Split('\n')[0]);
                await Task.Delay(HeartbeatInterval, _stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    void Abandon(string experimentId)
    {
        if (!_runs.TryGetValue(experimentId, out var run)) return;
        run.Unwanted = true;
        run.Cancellation.Cancel();
    }

    IReadOnlyList<RunLease> Leases() => [.. _runs.Values.Where(r => !r.Unwanted).Select(r => r.Lease)];

    WorkerCard Card() => new(identity.Name, identity.Machine, identity.Device, identity.Slots, silo.SiloAddress.ToString(), Leases());
}
