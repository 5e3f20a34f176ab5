using Cortex.Server.Dispatch;
using Cortex.Server.Experiments;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Tests.Dispatch;

/// <summary>The in-process queue on a real database: oldest first, a device's slots, cancellation reaching the claimer, slots freed however a run ends.</summary>
public sealed class InProcessExperimentQueueTests : IDisposable
{
    static readonly TimeSpan Waiting = TimeSpan.FromMilliseconds(300);
    static readonly TimeSpan Plenty = TimeSpan.FromSeconds(10);

    readonly string _directory = Directory.CreateTempSubdirectory("cortex-queue-").FullName;
    readonly CortexDatabase _database;
    readonly InProcessExperimentEvents _events = new(NullLogger<InProcessExperimentEvents>.Instance);
    readonly ExperimentStore _store;
    readonly DateTime _start = DateTime.UtcNow;

    public InProcessExperimentQueueTests()
    {
        _database = CortexDatabase.Open(_directory);
        _store = new ExperimentStore(_database, _events, TimeProvider.System);
    }

    InProcessExperimentQueue Queue(int slots) =>
        // A poll far longer than any test: a claim that arrives in time was woken by the enqueue.
        new(_store, Microsoft.Extensions.Options.Options.Create(new CortexOptions { MaxConcurrentExperiments = slots, QueuePollMilliseconds = 60_000 }));

    StoredExperiment Experiment(string id, int queuedSecondsAfterStart) => new()
    {
        Id = id, Name = id, ModelId = "builtin", ConceptIds = [], Parameters = new(), CreatedBy = "tester", QueuedAt = _start.AddSeconds(queuedSecondsAfterStart),
    };

    [Fact]
    public async Task Claims_take_the_oldest_queued_experiment_first_and_mark_it_running()
    {
        var queue = Queue(slots: 3);
        queue.Enqueue(Experiment("late", 2));
        queue.Enqueue(Experiment("early", 0));
        queue.Enqueue(Experiment("middle", 1));

        var claimed = new List<string>();
        for (var i = 0; i < 3; i++) claimed.Add((await queue.ClaimAsync("cpu", CancellationToken.None).WaitAsync(Plenty)).Experiment.Id);

        Assert.Equal(["early", "middle", "late"], claimed);
        Assert.All(claimed, id => Assert.Equal(ExperimentStatus.Running, _store.Get(id)!.Status));
    }

    [Fact]
    public async Task A_device_holds_at_most_its_slots_and_other_devices_are_not_held_back()
    {
        var queue = Queue(slots: 1);
        queue.Enqueue(Experiment("a", 0));
        queue.Enqueue(Experiment("b", 1));
        queue.Enqueue(Experiment("c", 2));
        var first = await queue.ClaimAsync("cpu", CancellationToken.None).WaitAsync(Plenty);

        var second = queue.ClaimAsync("cpu", CancellationToken.None);
        await Task.Delay(Waiting);
        Assert.False(second.IsCompleted, "a second claim on a device with one slot must wait");
        Assert.Equal(ExperimentStatus.Queued, _store.Get("b")!.Status);
        var elsewhere = await queue.ClaimAsync("cuda:0", CancellationToken.None).WaitAsync(Plenty);
        Assert.Equal("b", elsewhere.Experiment.Id);

        queue.Complete(first, new RunFailed("freed"));
        Assert.Equal("c", (await second.WaitAsync(Plenty)).Experiment.Id);
    }

    [Fact]
    public async Task Enqueueing_wakes_a_waiting_claimer_without_its_poll()
    {
        var queue = Queue(slots: 1);
        var waiting = queue.ClaimAsync("cpu", CancellationToken.None);
        await Task.Delay(Waiting);
        Assert.False(waiting.IsCompleted);

        queue.Enqueue(Experiment("x", 0));

        Assert.Equal("x", (await waiting.WaitAsync(Plenty)).Experiment.Id);
    }

    [Fact]
    public async Task Cancelling_a_running_experiment_reaches_its_claimer_and_it_ends_cancelled()
    {
        var queue = Queue(slots: 1);
        queue.Enqueue(Experiment("run", 0));
        var claim = await queue.ClaimAsync("cpu", CancellationToken.None).WaitAsync(Plenty);
        Assert.False(claim.Cancelled.IsCancellationRequested);

        var (experiment, result) = queue.Cancel("run");

        Assert.Equal(CancelResult.ClaimerAsked, result);
        Assert.Equal(ExperimentStatus.Running, experiment!.Status);
        Assert.True(claim.Cancelled.IsCancellationRequested);
        Assert.Equal(ExperimentStatus.Cancelled, queue.Complete(claim, new RunCancelled())!.Status);
        Assert.Equal(CancelResult.Refused, queue.Cancel("run").Result);
    }

    [Fact]
    public async Task Cancelling_a_queued_experiment_ends_it_at_once_and_no_one_claims_it()
    {
        var queue = Queue(slots: 1);
        queue.Enqueue(Experiment("waiting", 0));

        var (experiment, result) = queue.Cancel("waiting");

        Assert.Equal(CancelResult.CancelledWhileQueued, result);
        Assert.Equal(ExperimentStatus.Cancelled, experiment!.Status);
        var claim = queue.ClaimAsync("cpu", CancellationToken.None);
        await Task.Delay(Waiting);
        Assert.False(claim.IsCompleted);
        Assert.Equal(CancelResult.Refused, queue.Cancel("unknown").Result);
    }

    [Fact]
    public async Task A_failed_run_frees_its_slot_even_when_storing_its_results_throws()
    {
        var queue = Queue(slots: 1);
        queue.Enqueue(Experiment("broken", 0));
        queue.Enqueue(Experiment("next", 1));
        var claim = await queue.ClaimAsync("cpu", CancellationToken.None).WaitAsync(Plenty);
        var finding = new StoredFinding { Id = "f1", ExperimentId = "broken", ConceptId = "c1", Title = "twice", Tokens = [1], Evidence = [] };

        // The same finding twice breaks the result's transaction, as a crash midway would.
        Assert.ThrowsAny<LiteException>(() => queue.Complete(claim, new RunSucceeded(new ExperimentOutcome(new StoredExperimentSummary(), new Dictionary<string, byte[]>(), [finding, finding]))));
        var next = await queue.ClaimAsync("cpu", CancellationToken.None).WaitAsync(Plenty);

        Assert.Equal("next", next.Experiment.Id);
        Assert.Equal(ExperimentStatus.Failed, queue.Complete(claim, new RunFailed("storing the results failed"))!.Status);
        Assert.Equal("storing the results failed", _store.Get("broken")!.Error);
    }

    [Fact]
    public async Task An_abandoned_claim_frees_its_slot_and_stays_running_until_the_next_start_interrupts_it()
    {
        var queue = Queue(slots: 1);
        queue.Enqueue(Experiment("left", 0));
        queue.Enqueue(Experiment("after", 1));
        var claim = await queue.ClaimAsync("cpu", CancellationToken.None).WaitAsync(Plenty);

        Assert.Null(queue.Complete(claim, new RunAbandoned()));
        Assert.Equal(ExperimentStatus.Running, _store.Get("left")!.Status);
        await queue.ClaimAsync("cpu", CancellationToken.None).WaitAsync(Plenty);

        Assert.Equal(2, Queue(slots: 1).Reconcile());
        Assert.Equal(ExperimentStatus.Interrupted, _store.Get("left")!.Status);
    }

    [Fact]
    public async Task A_claim_given_up_while_waiting_gives_its_slot_back()
    {
        var queue = Queue(slots: 1);
        using var giveUp = new CancellationTokenSource();
        var waiting = queue.ClaimAsync("cpu", giveUp.Token);
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        queue.Enqueue(Experiment("x", 0));
        Assert.Equal("x", (await queue.ClaimAsync("cpu", CancellationToken.None).WaitAsync(Plenty)).Experiment.Id);
    }

    public void Dispose()
    {
        _events.Dispose();
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
