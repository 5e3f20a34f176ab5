using System.Diagnostics.Metrics;
using Cortex.Server.Storage;

namespace Cortex.Server.Telemetry;

/// <summary>
/// The <c>Cortex</c> meter's gauges, read from the store and the worker roster only when a listener
/// collects them (an exporter's interval, a test's listener): queue depth, experiments by status and
/// workers alive. Created when the host starts, so that they exist for the host's whole life.
/// </summary>
public sealed class CortexGauges(IMeterFactory meters, CortexDatabase database, IWorkerRoster workers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meters.Create(CortexMetrics.MeterName);
        meter.CreateObservableGauge("cortex.queue.depth", () => Count(ExperimentStatus.Queued), "{experiment}",
            "Experiments waiting in the queue for a worker.");
        meter.CreateObservableGauge("cortex.experiments", ByStatus, "{experiment}",
            "Experiments in the database, by status (queued, running, succeeded, failed, cancelled, interrupted).");
        meter.CreateObservableGauge("cortex.workers.alive", AliveWorkers, "{worker}",
            "Compute workers alive, by device.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    int Count(ExperimentStatus status) => database.Experiments.Count(e => e.Status == status);

    IEnumerable<Measurement<int>> ByStatus() =>
        Enum.GetValues<ExperimentStatus>().Select(status => new Measurement<int>(Count(status), new KeyValuePair<string, object?>(Tags.Status, Tags.StatusName(status))));

    IEnumerable<Measurement<int>> AliveWorkers() =>
        workers.Workers().GroupBy(w => w.Device).Select(device => new Measurement<int>(device.Count(w => w.Alive), new KeyValuePair<string, object?>(Tags.Device, device.Key)));
}
