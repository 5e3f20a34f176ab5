using Cortex.Server.Cluster;

namespace Cortex.Server.Tests.Cluster;

/// <summary>Workers that die, late results, and a head that restarts, on an in-process Orleans cluster whose membership declares the dead.</summary>
public sealed class ClusterFailoverTests
{
    [Fact]
    public async Task A_killed_workers_run_is_interrupted_requeued_and_finished_by_another_worker()
    {
        await using var cluster = await SchedulerCluster.StartAsync();
        var doomed = new FakeWorker(await cluster.StartWorkerSiloAsync(), "doomed");
        var survivor = new FakeWorker(await cluster.StartWorkerSiloAsync(), "survivor");
        await doomed.JoinAsync();
        cluster.Enqueue("run");
        var first = await doomed.NextStartAsync();
        await survivor.JoinAsync();

        await cluster.KillAsync(doomed.Silo);

        var second = await survivor.NextStartAsync(seconds: 30);
        Assert.Equal(("run", 2), (second.Experiment.Id, second.Attempt));
        Assert.Equal(1, first.Attempt);
        await survivor.SucceedAsync(second.Lease, "from the survivor");
        var done = await cluster.WaitForAsync("run", e => e.Status == ExperimentStatus.Succeeded, "succeeded");
        Assert.Equal(("survivor", 2), (done.Worker, done.Attempts));
        var audit = cluster.Database.Audit.FindAll().Where(a => a.TargetId == "run").Select(a => a.Action).ToList();
        Assert.Contains("queued it again", audit);
    }

    [Fact]
    public async Task After_max_attempts_a_run_whose_workers_died_is_left_interrupted_with_the_reason()
    {
        await using var cluster = await SchedulerCluster.StartAsync(maxAttempts: 2);
        var first = new FakeWorker(await cluster.StartWorkerSiloAsync(), "first");
        var second = new FakeWorker(await cluster.StartWorkerSiloAsync(), "second");
        await first.JoinAsync();
        cluster.Enqueue("unlucky");
        await first.NextStartAsync();
        await second.JoinAsync();

        await cluster.KillAsync(first.Silo);
        Assert.Equal(2, (await second.NextStartAsync(seconds: 30)).Attempt);
        await cluster.KillAsync(second.Silo);

        var left = await cluster.WaitForAsync("unlucky", e => e.Status == ExperimentStatus.Interrupted, "interrupted", seconds: 30);
        Assert.Contains("Worker second died while running it", left.Error);
        Assert.Contains("started 2 times (Cortex:Cluster:MaxAttempts)", left.Error);
        await Task.Delay(500);
        Assert.Equal(ExperimentStatus.Interrupted, cluster.Store.Get("unlucky")!.Status);
    }

    [Fact]
    public async Task A_late_result_of_an_earlier_attempt_is_ignored_and_the_run_is_stored_once()
    {
        await using var cluster = await SchedulerCluster.StartAsync();
        var before = new FakeWorker(await cluster.StartWorkerSiloAsync(), "w1");
        await before.JoinAsync();
        cluster.Enqueue("run");
        var old = await before.NextStartAsync();

        // The worker's process restarted under the same name: its first attempt is lost and the run starts again there.
        var after = new FakeWorker(await cluster.StartWorkerSiloAsync(), "w1");
        await after.JoinAsync();
        var current = await after.NextStartAsync();
        Assert.Equal((1, 2), (old.Attempt, current.Attempt));

        await before.SucceedAsync(old.Lease, "stale result");

        Assert.Equal(ExperimentStatus.Running, cluster.Store.Get("run")!.Status);
        Assert.Equal(["run"], cluster.Scheduler.Workers().Single(w => w.Name == "w1").Running);
        await after.SucceedAsync(current.Lease, "current result");
        var done = await cluster.WaitForAsync("run", e => e.Status == ExperimentStatus.Succeeded, "succeeded");
        Assert.Equal(2, done.Attempts);
        var stored = cluster.Database.Files.FindAll().Where(f => f.Id.StartsWith("$/experiments/run/", StringComparison.Ordinal)).ToList();
        var file = Assert.Single(stored);
        using var content = new MemoryStream();
        file.CopyTo(content);
        Assert.Equal("current result", System.Text.Encoding.UTF8.GetString(content.ToArray()));
    }

    [Fact]
    public async Task A_restarted_head_adopts_the_runs_workers_report_and_interrupts_the_rest_after_the_reconcile_wait()
    {
        await using var cluster = await SchedulerCluster.StartAsync(maxAttempts: 1, reconcileSeconds: 2);
        var silo = await cluster.StartWorkerSiloAsync();
        var keeper = new FakeWorker(silo, "keeper");
        var loser = new FakeWorker(silo, "loser");
        await keeper.JoinAsync();
        cluster.Enqueue("kept");
        var kept = await keeper.NextStartAsync();
        await loser.JoinAsync();
        cluster.Enqueue("lost");
        await loser.NextStartAsync();

        await cluster.RestartHeadAsync();
        Assert.Empty(await keeper.JoinAsync(kept.Lease));
        // The loser's process lost its run with the head away: it comes back holding nothing.
        await loser.JoinAsync();

        var lost = await cluster.WaitForAsync("lost", e => e.Status == ExperimentStatus.Interrupted, "interrupted", seconds: 15);
        Assert.Contains("no worker reported this run within 2 s", lost.Error);
        Assert.Equal(ExperimentStatus.Running, cluster.Store.Get("kept")!.Status);
        await keeper.SucceedAsync(kept.Lease, "finished across the restart");
        await cluster.WaitForAsync("kept", e => e.Status == ExperimentStatus.Succeeded, "succeeded");
    }
}
