using System.Diagnostics.Metrics;
using Cortex.Server.Storage;

namespace Cortex.Server.Telemetry;

/// <summary>
/// The instruments Cortex records into as things happen, on the <c>Cortex</c> meter: how long runs take,
/// how fast optimization steps go, and what live messages clients lose. The meter comes from the host's
/// <see cref="IMeterFactory"/>, so each host has its own (tests listen to one host only); the gauges
/// that read state when collected are <see cref="CortexGauges"/>.
/// </summary>
public sealed class CortexMetrics
{
    public const string MeterName = "Cortex";

    readonly Histogram<double> _duration;
    readonly Histogram<double> _stepRate;
    readonly Counter<long> _dropped;

    public CortexMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>("cortex.experiment.duration", "s",
            "How long an experiment ran, from taken off the queue to finished, by method, device and final status.");
        _stepRate = meter.CreateHistogram<double>("cortex.experiment.step_rate", "{step}/s",
            "Optimization steps per second of a finished run that makes them (the codebook search), by method and device.");
        _dropped = meter.CreateCounter<long>("cortex.stream.dropped", "{message}",
            "Live messages a client's latest-wins queue replaced or discarded before the client read them (frames and progress are "
            + "replaced by newer ones), by client kind (hub, page) and message kind (frame, progress, …).");
    }

    /// <summary>Records a finished run: its duration, and its step rate when the run reports one.</summary>
    public void Finished(StoredExperiment experiment, string device)
    {
        if (experiment is not { StartedAt: { } started, FinishedAt: { } finished }) return;
        var method = new KeyValuePair<string, object?>(Tags.Method, Tags.MethodName(experiment.Method));
        var on = new KeyValuePair<string, object?>(Tags.Device, device);
        _duration.Record((finished.ToUniversalTime() - started.ToUniversalTime()).TotalSeconds, method, on, new(Tags.Status, Tags.StatusName(experiment.Status)));
        foreach (var rate in experiment.Summary?.Figures.Where(f => f.Key.EndsWith(StepRateFigure, StringComparison.Ordinal)) ?? [])
            _stepRate.Record(rate.Value, method, on);
    }

    /// <summary>The summary figures that hold a run's measured steps per second (e.g. <c>codebook.steps_per_second</c>).</summary>
    public const string StepRateFigure = ".steps_per_second";

    /// <summary>What a client's queue calls for each message it drops; <paramref name="clientKind"/> says which kind of client (hub, page).</summary>
    public Action<string> DroppedBy(string clientKind) => messageKind => _dropped.Add(1, new(Tags.ClientKind, clientKind), new(Tags.MessageKind, messageKind));
}
