using Cortex.Server.Cluster;
using Cortex.Server.Dispatch;

namespace Cortex.Server.Tests.Cluster;

/// <summary>The head's scheduler on an in-process Orleans cluster: which worker gets which queued experiment, and when.</summary>
public sealed class ClusterSchedulingTests
{
    [Fact]
    public async Task Queued_experiments_go_out_oldest_first()
    {
        await using var cluster = await SchedulerCluster.StartAsync();
        foreach (var id in new[] { "first", "second", "third" })
        {
            cluster.Enqueue(id);
            await Task.Delay(20);
        }
        var worker = new FakeWorker(await cluster.StartWorkerSiloAsync(), "w1");
        await worker.JoinAsync();

        var order = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var run = await worker.NextStartAsync();
            order.Add(run.Experiment.Id);
            await worker.SucceedAsync(run.Lease, run.Experiment.Id);
        }

        Assert.Equal(["first", "second", "third"], order);
        foreach (var id in order) Assert.Equal(ExperimentStatus.Succeeded, (await cluster.WaitForAsync(id, e => e.Status == ExperimentStatus.Succeeded, "succeeded")).Status);
    }

    [Fact]
    public async Task The_cap_per_device_holds_across_two_workers_on_one_machine_but_not_across_machines()
    {
        await using var cluster = await SchedulerCluster.StartAsync(maxConcurrent: 2);
        var silo = await cluster.StartWorkerSiloAsync();
        var sameA = new FakeWorker(silo, "same-a", machine: "gpu-box", slots: 2);
        var sameB = new FakeWorker(silo, "same-b", machine: "gpu-box", slots: 2);
        var other = new FakeWorker(silo, "other", machine: "second-box", slots: 1);
        await sameA.JoinAsync();
        await sameB.JoinAsync();
        await other.JoinAsync();
        for (var i = 0; i < 6; i++) cluster.Enqueue($"e{i}");

        var started = new List<RunAssignment>();
        foreach (var worker in new[] { sameA, sameB, other })
            while (await worker.StartWithinAsync(1_500) is { } run) started.Add(run);

        // Four slots on gpu-box, but its device runs at most two at once; the other machine runs its own one beside them.
        var running = cluster.Scheduler.Workers().ToDictionary(w => w.Name, w => w.Running.Count);
        Assert.Equal(2, running["same-a"] + running["same-b"]);
        Assert.Equal(1, running["other"]);
        Assert.Equal(3, started.Count);
        Assert.Equal(3, Enumerable.Range(0, 6).Count(i => cluster.Store.Get($"e{i}")!.Status == ExperimentStatus.Queued));

        var onGpuBox = started.First(r => r.Experiment.Worker is "same-a" or "same-b");
        await (onGpuBox.Experiment.Worker == "same-a" ? sameA : sameB).SucceedAsync(onGpuBox.Lease, "done");
        var next = await Task.WhenAny(sameA.NextStartAsync(), sameB.NextStartAsync());
        Assert.Equal(ExperimentStatus.Running, cluster.Store.Get((await next).Experiment.Id)!.Status);
    }

    [Fact]
    public async Task A_gpu_only_experiment_waits_for_a_gpu_worker_while_cpu_work_goes_past_it()
    {
        await using var cluster = await SchedulerCluster.StartAsync();
        var silo = await cluster.StartWorkerSiloAsync();
        var cpu = new FakeWorker(silo, "cpu-worker", device: "cpu");
        await cpu.JoinAsync();
        cluster.Enqueue("needs-gpu", ExperimentDevices.Gpu);
        await Task.Delay(20);
        cluster.Enqueue("anywhere");

        var run = await cpu.NextStartAsync();
        Assert.Equal("anywhere", run.Experiment.Id);
        await cpu.SucceedAsync(run.Lease, "done");
        Assert.Null(await cpu.StartWithinAsync(1_000));
        Assert.Equal(ExperimentStatus.Queued, cluster.Store.Get("needs-gpu")!.Status);

        var gpu = new FakeWorker(silo, "gpu-worker", device: "cuda:0");
        await gpu.JoinAsync();
        var gpuRun = await gpu.NextStartAsync();
        Assert.Equal("needs-gpu", gpuRun.Experiment.Id);
        Assert.Equal("gpu-worker", cluster.Store.Get("needs-gpu")!.Worker);
    }

    [Fact]
    public async Task Cancel_reaches_the_worker_that_holds_the_run_and_it_ends_cancelled()
    {
        await using var cluster = await SchedulerCluster.StartAsync();
        var bystander = new FakeWorker(await cluster.StartWorkerSiloAsync(), "bystander");
        var holder = new FakeWorker(await cluster.StartWorkerSiloAsync(), "holder");
        await holder.JoinAsync();
        cluster.Enqueue("long");
        var run = await holder.NextStartAsync();
        await bystander.JoinAsync();

        var (_, result) = cluster.Scheduler.Cancel("long");

        Assert.Equal(CancelResult.ClaimerAsked, result);
        Assert.Equal("long", await holder.NextCancelAsync());
        await holder.FinishAsync(run.Lease, new RunReport(RunEndKind.Cancelled, null, null));
        await cluster.WaitForAsync("long", e => e.Status == ExperimentStatus.Cancelled, "cancelled");
        Assert.Empty(cluster.Scheduler.Workers().SelectMany(w => w.Running));
    }
}
