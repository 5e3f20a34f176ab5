using Cortex.Server.Experiments;
using Cortex.Server.Telemetry;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>The head's roster of workers for the Workers page and <c>GET /api/workers</c>, with the names of the experiments they run.</summary>
public sealed class WorkerService(IWorkerRoster roster, ExperimentStore experiments) : IWorkerService
{
    public Task<IReadOnlyList<WorkerSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkerSummary>>([.. roster.Workers().Select(w => new WorkerSummary(w.Name, w.Machine, w.Device, w.Slots,
            [.. w.Running.Select(id => new RunningExperiment(id, experiments.Get(id)?.Name))], w.LastSeen))]);
}
