using Orleans.Concurrency;

namespace Cortex.Server.Cluster;

/// <summary>
/// The head's side of <see cref="IClusterHead"/>: hands every call to the head's scheduler and shelf. Reentrant, because
/// the calls are independent (the scheduler guards its own state) and one worker's large result must not hold up another's frames.
/// </summary>
[Reentrant]
public sealed class ClusterHeadGrain(ClusterScheduler scheduler, ContentShelf shelf) : Grain, IClusterHead
{
    public Task<IReadOnlyList<string>> Join(WorkerCard card, IWorkerControl control) => Task.FromResult(scheduler.Join(card, control));

    public Task<bool> Heartbeat(string worker) => Task.FromResult(scheduler.Heartbeat(worker));

    public Task Report(string worker, EventBatch batch)
    {
        scheduler.Report(worker, batch.Events);
        return Task.CompletedTask;
    }

    public Task Finish(string worker, RunLease lease, RunReport report)
    {
        scheduler.Finish(worker, lease, report);
        return Task.CompletedTask;
    }

    public Task<byte[]> Read(string hash, long offset, int count) => Task.FromResult(shelf.Read(hash, offset, count));
}
