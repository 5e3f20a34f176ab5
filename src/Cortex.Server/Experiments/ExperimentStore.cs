using Cortex.Server.Dispatch;
using Cortex.Server.Storage;
using Cortex.Server.Telemetry;
using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>
/// The experiments' lifecycle in the database: queue, take, progress, finish. Every status change is
/// stored first and then published on the bus (<see cref="IExperimentEvents"/>). Results are stored together with the
/// status <c>succeeded</c>, in one transaction.
/// </summary>
public sealed class ExperimentStore(CortexDatabase database, IExperimentEvents events, Services.FindingFeed findings, TimeProvider clock)
{
    static readonly TimeSpan ProgressWriteInterval = TimeSpan.FromMilliseconds(500);

    readonly Lock _gate = new();
    readonly Dictionary<string, DateTime> _lastProgressWrite = [];

    public StoredExperiment? Get(string id) => database.Experiments.FindById(id);

    public void Add(StoredExperiment experiment)
    {
        experiment = experiment with { TraceParent = CortexTracing.Enqueue(experiment) };
        database.Experiments.Insert(experiment);
        Announce(experiment);
    }

    /// <summary>
    /// The oldest queued experiment that <paramref name="canRun"/> accepts, now marked running on <paramref name="worker"/> as its
    /// next attempt; null when none waits. Older ones the worker cannot run keep their place for a worker that can.
    /// </summary>
    public StoredExperiment? TakeNext(Func<StoredExperiment, bool> canRun, string worker)
    {
        lock (_gate)
        {
            var next = database.Experiments.Query().Where(e => e.Status == ExperimentStatus.Queued).OrderBy(e => e.QueuedAt).ToEnumerable().FirstOrDefault(canRun);
            if (next is null) return null;
            return Update(next with
            {
                Status = ExperimentStatus.Running, StartedAt = clock.GetUtcNow().UtcDateTime, Progress = 0, Stage = "starting", Worker = worker, Attempts = next.Attempts + 1,
            });
        }
    }

    /// <summary>A running experiment whose worker is gone: interrupted with the reason; unchanged (null) in any other state.</summary>
    public StoredExperiment? Interrupt(string id, string reason)
    {
        lock (_gate)
        {
            if (Get(id) is not { Status: ExperimentStatus.Running }) return null;
            return Finish(id, e => e with { Status = ExperimentStatus.Interrupted, Error = reason });
        }
    }

    public void SaveProgress(string id, string stage, double fraction)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            if (_lastProgressWrite.TryGetValue(id, out var last) && now - last < ProgressWriteInterval && fraction < 1) return;
            _lastProgressWrite[id] = now;
            var current = Get(id);
            if (current is { Status: ExperimentStatus.Running }) database.Experiments.Update(current with { Stage = stage, Progress = fraction });
        }
    }

    /// <summary>
    /// Writes the files, the findings and the summary with status succeeded as one transaction, so that
    /// a crash leaves either the whole result or an experiment still running (then interrupted) with
    /// nothing stored; the status is announced once it is stored.
    /// </summary>
    public StoredExperiment Succeed(string id, ExperimentOutcome outcome)
    {
        lock (_gate)
        {
            var succeeded = database.InTransaction(() =>
            {
                foreach (var (name, bytes) in outcome.Files)
                {
                    using var stream = new MemoryStream(bytes);
                    database.Files.Upload(FileId(id, name), name, stream);
                }
                foreach (var finding in outcome.Findings) database.Findings.Insert(finding with { Evidence = Finite(finding.Evidence) });
                var finished = Finished(id, e => e with
                {
                    Status = ExperimentStatus.Succeeded, Progress = 1, Stage = "done", Summary = Finite(outcome.Summary), Files = [.. outcome.Files.Keys.Order()],
                });
                database.Experiments.Update(finished);
                return finished;
            });
            Announce(succeeded);
            foreach (var finding in outcome.Findings) findings.Publish(new FindingChange(finding.Id, finding.WorkspaceId, FindingChanges.Raised, null));
            return succeeded;
        }
    }

    public StoredExperiment Fail(string id, string error) => Finish(id, e => e with { Status = ExperimentStatus.Failed, Error = error });

    public StoredExperiment MarkCancelled(string id) => Finish(id, e => e with { Status = ExperimentStatus.Cancelled, Error = null });

    /// <summary>Cancels a queued experiment at once; a running one is left to the worker. Null when the id is unknown.</summary>
    public (StoredExperiment? Experiment, bool Changed) CancelQueued(string id)
    {
        lock (_gate)
        {
            var experiment = Get(id);
            if (experiment is not { Status: ExperimentStatus.Queued }) return (experiment, false);
            return (Finish(id, e => e with { Status = ExperimentStatus.Cancelled }), true);
        }
    }

    /// <summary>
    /// Puts a failed, cancelled or interrupted experiment back in the queue, clearing its earlier results. A person's requeue
    /// starts its attempts afresh; the cluster's own after a dead worker keeps counting them (<paramref name="keepAttempts"/>).
    /// </summary>
    public (StoredExperiment? Experiment, bool Changed) Requeue(string id, int? keepAttempts = null)
    {
        lock (_gate)
        {
            var experiment = Get(id);
            if (experiment is not { Status: ExperimentStatus.Failed or ExperimentStatus.Cancelled or ExperimentStatus.Interrupted }) return (experiment, false);
            DeleteFiles(experiment);
            var queued = Update(experiment with
            {
                Status = ExperimentStatus.Queued, QueuedAt = clock.GetUtcNow().UtcDateTime, Progress = 0, Stage = "", Error = null,
                StartedAt = null, FinishedAt = null, Summary = null, Files = [], TraceParent = CortexTracing.Enqueue(experiment),
                Attempts = keepAttempts ?? 0,
            });
            return (queued, true);
        }
    }

    /// <summary>The experiments stored as running, e.g. to reconcile them with what the workers hold.</summary>
    public IReadOnlyList<StoredExperiment> Running() => database.Experiments.Find(e => e.Status == ExperimentStatus.Running).ToList();

    /// <summary>At start: anything a crash left running becomes interrupted, its stored results untouched.</summary>
    public int InterruptLeftovers()
    {
        var leftovers = Running();
        foreach (var experiment in leftovers)
            Update(experiment with { Status = ExperimentStatus.Interrupted, Error = "The server stopped while this experiment ran; re-queue it to run again." });
        return leftovers.Count;
    }

    public byte[]? ReadFile(string id, string name)
    {
        var file = database.Files.FindById(FileId(id, name));
        if (file is null) return null;
        using var stream = new MemoryStream();
        file.CopyTo(stream);
        return stream.ToArray();
    }

    public bool Delete(string id)
    {
        lock (_gate)
        {
            var experiment = Get(id);
            if (experiment is null || experiment.Status is ExperimentStatus.Running) return false;
            // One transaction: a crash midway must not leave a succeeded experiment without some of its files.
            return database.InTransaction(() =>
            {
                DeleteFiles(experiment);
                database.Annotations.DeleteMany(a => a.ExperimentId == id);
                database.ShareLinks.DeleteMany(l => l.ExperimentId == id);
                return database.Experiments.Delete(id);
            });
        }
    }

    void DeleteFiles(StoredExperiment experiment)
    {
        foreach (var name in experiment.Files) database.Files.Delete(FileId(experiment.Id, name));
    }

    StoredExperiment Finish(string id, Func<StoredExperiment, StoredExperiment> change)
    {
        lock (_gate) return Update(Finished(id, change));
    }

    /// <summary>The experiment as it ends (with its finish time and total time), not yet stored; call under the gate.</summary>
    StoredExperiment Finished(string id, Func<StoredExperiment, StoredExperiment> change)
    {
        var experiment = Get(id) ?? throw new InvalidOperationException($"Experiment {id} vanished.");
        var finished = change(experiment) with { FinishedAt = clock.GetUtcNow().UtcDateTime };
        if (finished.StartedAt is { } started) finished.Timings["total_seconds"] = Math.Round((finished.FinishedAt!.Value - started).TotalSeconds, 2);
        _lastProgressWrite.Remove(id);
        return finished;
    }

    StoredExperiment Update(StoredExperiment experiment)
    {
        database.Experiments.Update(experiment);
        Announce(experiment);
        return experiment;
    }

    void Announce(StoredExperiment experiment) => events.Publish(experiment.Status switch
    {
        ExperimentStatus.Queued => new ExperimentQueued(experiment.Id),
        ExperimentStatus.Running => new ExperimentStarted(experiment.Id),
        _ => new ExperimentFinished(experiment.Id, experiment.Status, experiment.Error),
    });

    /// <summary>
    /// The summary without its figures that are not finite numbers (a rank correlation of constant maps is NaN), which the
    /// data file refuses: a note names them, and the rest of the result is kept.
    /// </summary>
    static StoredExperimentSummary Finite(StoredExperimentSummary summary)
    {
        var missing = summary.Figures.Where(f => !double.IsFinite(f.Value)).Select(f => f.Key).ToList();
        return missing.Count == 0 ? summary : summary with
        {
            Figures = Finite(summary.Figures), Notes = [.. summary.Notes, $"Left out, as they came out as no finite number: {string.Join(", ", missing)}."],
        };
    }

    static Dictionary<string, double> Finite(Dictionary<string, double> figures) => figures.Where(f => double.IsFinite(f.Value)).ToDictionary();

    static string FileId(string experimentId, string name) => $"$/experiments/{experimentId}/{name}";
}
