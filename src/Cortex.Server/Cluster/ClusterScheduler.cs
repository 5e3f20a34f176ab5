using Cortex.Server.Accounts;
using Cortex.Server.Dispatch;
using Cortex.Server.Experiments;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Cortex.Server.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Cortex.Server.Cluster;

/// <summary>
/// The head's queue for the whole cluster. The database holds the order; the scheduler knows the workers that joined
/// (<see cref="IClusterHead.Join"/>) and which run each holds, gives each free slot the oldest experiment its device may run
/// (at most <c>Cortex:MaxConcurrentExperiments</c> at once per device of a machine, however many workers share it), and
/// passes cancels to the worker that runs the experiment. A worker that membership declares dead loses its runs: they become
/// interrupted and go back to the queue until they have been started <c>Cortex:Cluster:MaxAttempts</c> times.
/// </summary>
public sealed class ClusterScheduler(ExperimentStore store, IExperimentEvents events, CortexDatabase database, ConceptImageStore images,
    ModelManifests manifests, ContentShelf shelf, AuditLog audit, CortexMetrics metrics, IOptions<CortexOptions> options, IOptions<ClusterSettings> settings,
    IServiceProvider services, TimeProvider clock, ILogger<ClusterScheduler> logger) : BackgroundService, IExperimentQueue, IWorkerRoster
{
    /// <summary>The actor of what the workers do in the audit trail.</summary>
    public const string Actor = "cortex worker";

    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    sealed class Member(WorkerCard card, IWorkerControl control, DateTime seen)
    {
        public WorkerCard Card { get; set; } = card;
        public IWorkerControl Control { get; set; } = control;
        public DateTime LastSeen { get; set; } = seen;
        public long LastAssigned { get; set; }
        public HashSet<string> Running { get; } = [];
        public string DeviceKey => $"{Card.Machine}|{Card.Device}";
    }

    readonly Lock _gate = new();
    readonly Dictionary<string, Member> _members = [];
    // Runs the head marked running whose worker has not been told to start them yet, and those of them cancelled meanwhile:
    // the worker does not know such a run, so a cancel is passed on once the start has reached it.
    readonly HashSet<string> _starting = [];
    readonly HashSet<string> _cancelOnStart = [];
    readonly SemaphoreSlim _wake = new(0);
    long _assignments;

    public void Enqueue(StoredExperiment experiment)
    {
        store.Add(experiment);
        _wake.Release();
    }

    public (StoredExperiment? Experiment, bool Changed) Requeue(string experimentId)
    {
        var requeued = store.Requeue(experimentId);
        if (requeued.Changed) _wake.Release();
        return requeued;
    }

    public (StoredExperiment? Experiment, CancelResult Result) Cancel(string experimentId)
    {
        var (experiment, changed) = store.CancelQueued(experimentId);
        if (changed) return (experiment, CancelResult.CancelledWhileQueued);
        Member? holder;
        lock (_gate)
        {
            holder = _members.Values.FirstOrDefault(m => m.Running.Contains(experimentId));
            if (holder is not null && _starting.Contains(experimentId)) _cancelOnStart.Add(experimentId);
        }
        if (experiment is not { Status: ExperimentStatus.Running } || holder is null) return (experiment, CancelResult.Refused);
        _ = Call(holder, () => holder.Control.Cancel(experimentId), $"ask it to cancel {experimentId}");
        return (experiment, CancelResult.ClaimerAsked);
    }

    /// <summary>
    /// At start. A cluster of one lost its only worker with the last process, so what it left running is interrupted now;
    /// a cluster with remote workers gives them <c>Cortex:Cluster:ReconcileSeconds</c> to report the runs they still hold.
    /// </summary>
    public int Reconcile()
    {
        if (settings.Value.Address is null) return store.InterruptLeftovers();
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(settings.Value.ReconcileSeconds), clock);
            foreach (var orphan in store.Running().Where(e => Holder(e.Id) is null))
                GiveUp(orphan.Id, $"The head restarted and no worker reported this run within {settings.Value.ReconcileSeconds} s.");
        });
        return 0;
    }

    public IReadOnlyList<string> Join(WorkerCard card, IWorkerControl control)
    {
        var unwanted = new List<string>();
        List<string> lost = [];
        lock (_gate)
        {
            if (_members.Remove(card.Name, out var earlier) && earlier.Card.Silo != card.Silo) lost = [.. earlier.Running];
            var member = new Member(card, control, Now());
            foreach (var lease in card.Running)
            {
                var stored = store.Get(lease.ExperimentId);
                if (stored is { Status: ExperimentStatus.Running } && stored.Worker == card.Name && stored.Attempts == lease.Attempt) member.Running.Add(lease.ExperimentId);
                else unwanted.Add(lease.ExperimentId);
            }
            _members[card.Name] = member;
        }
        // A worker that restarted under its name has lost what its last process ran.
        foreach (var id in lost.Where(id => !card.Running.Any(l => l.ExperimentId == id))) GiveUp(id, $"Worker {card.Name} restarted while running it.");
        logger.WorkerJoined(card.Name, card.Machine, card.Device, card.Slots, card.Running.Count - unwanted.Count);
        _wake.Release();
        return unwanted;
    }

    public bool Heartbeat(string worker)
    {
        lock (_gate)
        {
            if (!_members.TryGetValue(worker, out var member)) return false;
            member.LastSeen = Now();
            return true;
        }
    }

    public void Report(string worker, IReadOnlyList<ExperimentEvent> reported)
    {
        foreach (var e in reported)
            if (Holder(e.ExperimentId) == worker) events.Publish(e);
    }

    public void Finish(string worker, RunLease lease, RunReport report)
    {
        var id = lease.ExperimentId;
        var stored = store.Get(id);
        // A late result of an earlier attempt on a worker of the same name (its process restarted) leaves the current attempt's slot taken.
        var newerAttemptHere = stored is { Status: ExperimentStatus.Running } && stored.Worker == worker && stored.Attempts > lease.Attempt;
        string device;
        lock (_gate)
        {
            device = _members.TryGetValue(worker, out var member) ? member.Card.Device : "unknown";
            if (!newerAttemptHere && member is not null) member.Running.Remove(id);
        }
        _wake.Release();
        if (stored is not { Status: ExperimentStatus.Running } || stored.Worker != worker || stored.Attempts != lease.Attempt)
        {
            // Given up on meanwhile (its worker was declared dead) and queued again: this late result must not count twice.
            logger.StaleResult(id, worker, lease.Attempt);
            return;
        }
        switch (report.Kind)
        {
            case RunEndKind.Succeeded when report.Outcome is { } outcome:
                StoredExperiment succeeded;
                try
                {
                    succeeded = store.Succeed(id, outcome);
                }
                catch (Exception e)
                {
                    var reason = $"Its results could not be stored: {e.Message.Split('\n')[0]}";
                    store.Fail(id, reason);
                    audit.Record(Actor, "finished it: failed", "experiment", id, reason);
                    return;
                }
                var failedChecks = succeeded.FailedChecks().Select(c => c.Name).ToList();
                if (failedChecks.Count == 0) audit.Record(Actor, "finished it: succeeded", "experiment", id, $"on {worker}");
                else audit.Record(Actor, "finished it: succeeded with warnings", "experiment", id, $"on {worker}; failed checks: {string.Join(", ", failedChecks)}");
                metrics.Finished(succeeded, device);
                break;
            case RunEndKind.Cancelled:
                metrics.Finished(store.MarkCancelled(id), device);
                break;
            default:
                var error = report.Error ?? "The worker reported no reason.";
                metrics.Finished(store.Fail(id, error), device);
                audit.Record(Actor, "finished it: failed", "experiment", id, error);
                break;
        }
    }

    public IReadOnlyList<WorkerState> Workers()
    {
        lock (_gate)
            return [.. _members.Values.OrderBy(m => m.Card.Name, StringComparer.Ordinal)
                .Select(m => new WorkerState(m.Card.Name, m.Card.Device, Alive: true, m.Card.Machine, m.Card.Slots, [.. m.Running.Order()], m.LastSeen))];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var membership = services.GetService<IClusterMembershipService>();
        var watch = membership is null ? Task.CompletedTask : WatchMembershipAsync(membership, stoppingToken);
        var poll = TimeSpan.FromMilliseconds(options.Value.QueuePollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchAsync(stoppingToken);
                await _wake.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.DispatchFailed(e);
                await Task.Delay(poll, CancellationToken.None);
            }
        }
        await watch;
    }

    /// <summary>Fills every free slot, least recently served worker first, so that work spreads over the workers.</summary>
    async Task DispatchAsync(CancellationToken cancellationToken)
    {
        // After each assignment the free workers are read again: the one just served goes last, and a device may be full now.
        while (await AssignOneAsync(cancellationToken)) { }
    }

    /// <summary>Gives the first free worker that finds something it can run its experiment; false when none does.</summary>
    async Task<bool> AssignOneAsync(CancellationToken cancellationToken)
    {
        foreach (var member in FreeMembers())
        {
            if (cancellationToken.IsCancellationRequested) return false;
            if (store.TakeNext(e => ExperimentDevices.CanRun(e.Parameters.Device, member.Card.Device), member.Card.Name) is not { } next) continue;
            await AssignAsync(member, next);
            return true;
        }
        return false;
    }

    async Task AssignAsync(Member member, StoredExperiment experiment)
    {
        lock (_gate)
        {
            member.Running.Add(experiment.Id);
            member.LastAssigned = ++_assignments;
            _starting.Add(experiment.Id);
        }
        RunAssignment assignment;
        try
        {
            assignment = Assignment(experiment);
        }
        catch (Exception e) when (e is InvalidOperationException or Compute.Models.ModelLoadException or IOException)
        {
            lock (_gate)
            {
                member.Running.Remove(experiment.Id);
                _starting.Remove(experiment.Id);
                _cancelOnStart.Remove(experiment.Id);
            }
            var reason = e.Message.Split('\n')[0];
            store.Fail(experiment.Id, reason);
            audit.Record(Actor, "finished it: failed", "experiment", experiment.Id, reason);
            return;
        }
        audit.Record(Actor, "started running it", "experiment", experiment.Id, $"on {member.Card.Name} ({member.Card.Device}), attempt {assignment.Attempt}");
        logger.Assigned(experiment.Id, member.Card.Name, assignment.Attempt);
        var started = await Call(member, () => member.Control.Start(assignment), $"start {experiment.Id}");
        bool cancelled;
        lock (_gate)
        {
            _starting.Remove(experiment.Id);
            cancelled = _cancelOnStart.Remove(experiment.Id);
        }
        if (!started) GiveUp(experiment.Id, $"Worker {member.Card.Name} could not be reached to start it.", countAttempt: false);
        else if (cancelled) await Call(member, () => member.Control.Cancel(experiment.Id), $"ask it to cancel {experiment.Id}");
    }

    RunAssignment Assignment(StoredExperiment experiment)
    {
        var concepts = experiment.ConceptIds.Select(id => database.Concepts.FindById(id)
            ?? throw new InvalidOperationException($"Concept {id} was deleted before the experiment ran.")).ToList();
        var uploads = concepts.Where(c => c.Source == ConceptSource.Uploaded).ToDictionary(c => c.Id, c => (IReadOnlyList<string>)
            [.. images.ReadFirst(c.Id, experiment.Parameters.ImagesPerConcept).Select((bytes, i) => shelf.AddBytes(bytes, () => images.Read(c.Id, i)))]);
        return new RunAssignment(experiment, concepts, uploads, manifests.For(experiment.ModelId), experiment.Attempts);
    }

    List<Member> FreeMembers()
    {
        lock (_gate)
        {
            var cap = options.Value.MaxConcurrentExperiments;
            var busy = _members.Values.GroupBy(m => m.DeviceKey).ToDictionary(g => g.Key, g => g.Sum(m => m.Running.Count));
            return [.. _members.Values.Where(m => m.Running.Count < m.Card.Slots && busy[m.DeviceKey] < cap).OrderBy(m => m.LastAssigned)];
        }
    }

    async Task WatchMembershipAsync(IClusterMembershipService membership, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var dead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress.ToString()).ToHashSet();
                List<Member> gone;
                lock (_gate)
                {
                    gone = [.. _members.Values.Where(m => dead.Contains(m.Card.Silo))];
                    foreach (var member in gone) _members.Remove(member.Card.Name);
                }
                foreach (var member in gone)
                {
                    logger.WorkerDied(member.Card.Name, member.Running.Count);
                    foreach (var id in member.Running) GiveUp(id, $"Worker {member.Card.Name} died while running it (declared dead by cluster membership).");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A run that can no longer finish: interrupted with the reason, and queued again unless it has been started
    /// <c>MaxAttempts</c> times (a failed start does not count as one).
    /// </summary>
    void GiveUp(string id, string reason, bool countAttempt = true)
    {
        var stored = store.Get(id);
        if (stored is not { Status: ExperimentStatus.Running }) return;
        var attempts = countAttempt ? stored.Attempts : stored.Attempts - 1;
        var maxAttempts = settings.Value.MaxAttempts;
        if (attempts < maxAttempts)
        {
            store.Interrupt(id, reason);
            store.Requeue(id, keepAttempts: attempts);
            events.Publish(new LogWritten(id, $"{reason} Queued again (attempt {attempts + 1} of {maxAttempts} next)."));
            audit.Record(Actor, "queued it again", "experiment", id, reason);
            _wake.Release();
        }
        else
        {
            store.Interrupt(id, $"{reason} It was started {attempts} times (Cortex:Cluster:MaxAttempts), so it is left interrupted.");
            audit.Record(Actor, "interrupted it", "experiment", id, reason);
        }
    }

    string? Holder(string experimentId)
    {
        lock (_gate) return _members.Values.FirstOrDefault(m => m.Running.Contains(experimentId))?.Card.Name;
    }

    async Task<bool> Call(Member member, Func<Task> call, string what)
    {
        try
        {
            await call().WaitAsync(StartTimeout);
            return true;
        }
        catch (Exception e)
        {
            logger.CallFailed(member.Card.Name, what, e.Message.Split('\n')[0]);
            return false;
        }
    }

    DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
