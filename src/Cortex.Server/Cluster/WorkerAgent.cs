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
public sealed class WorkerAgent(IGrainFactory grains, ILocalSiloDetails silo, IRunInputs inputs, WorkerIdentity identity,
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
    /// <summary>Stops the runs when the host stops; its own source, so that a run the head starts before the loop runs is stopped too.</summary>
    readonly CancellationTokenSource _stop = new();

    IClusterHead Head => grains.GetGrain<IClusterHead>(0);

    IWorkerControl? _self;
    bool _joined;
    string? _lastProblem;

    /// <summary>Joins once before the host finishes starting, so that a head's own worker is on the roster (and /readyz healthy) from the first request.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<IWorkerControl>(this);
        _uplink = new EventUplink(batch => Head.Report(identity.Name, new EventBatch(batch)), logger);
        await KeepJoinedAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var stopRuns = stoppingToken.Register(_stop.Cancel);
        await using var uplink = _uplink!;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(HeartbeatInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await KeepJoinedAsync();
        }
    }

    async Task KeepJoinedAsync()
    {
        try
        {
            if (_joined) _joined = await Head.Heartbeat(identity.Name);
            if (_joined) return;
            foreach (var id in await Head.Join(Card(), _self!)) Abandon(id);
            _joined = true;
            _lastProblem = null;
            logger.JoinedHead(identity.Name);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.Token.IsCancellationRequested)
        {
            _joined = false;
            var problem = e.Message.Split('\n')[0];
            if (problem != _lastProblem) logger.HeadUnreachable(problem);
            _lastProblem = problem;
        }
    }

    public Task Start(RunAssignment assignment)
    {
        var run = new Run(assignment.Lease, CancellationTokenSource.CreateLinkedTokenSource(_stop.Token));
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
        using var telemetry = new RunTelemetry(experiment, identity.Name, identity.Device, logger);
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
        catch (OperationCanceledException) when (token.IsCancellationRequested && !_stop.Token.IsCancellationRequested && !run.Unwanted)
        {
            report = new RunReport(RunEndKind.Cancelled, null, null);
        }
        catch (OperationCanceledException) when (_stop.Token.IsCancellationRequested || run.Unwanted)
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
        await _uplink!.DrainedAsync().WaitAsync(_stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (!_stop.Token.IsCancellationRequested && !run.Unwanted)
        {
            try
            {
                await Head.Finish(identity.Name, run.Lease, report);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.HeadUnreachable(e.Message.Split('\n')[0]);
                await Task.Delay(HeartbeatInterval, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
