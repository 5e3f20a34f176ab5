namespace Cortex.Web.Tests.Fakes;

/// <summary>The cluster's roster in memory: a test sets the workers, and sees how often the page read them.</summary>
public sealed class FakeWorkerService : IWorkerService
{
    public List<WorkerSummary> Workers { get; } = [];

    public int Reads { get; private set; }

    public Task<IReadOnlyList<WorkerSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<WorkerSummary>>([.. Workers]);
    }
}
