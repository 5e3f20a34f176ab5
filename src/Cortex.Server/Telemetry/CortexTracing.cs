using System.Diagnostics;
using Cortex.Server.Storage;

namespace Cortex.Server.Telemetry;

/// <summary>
/// Cortex's spans: one when an experiment is queued (a producer span, under the request that queued it),
/// whose W3C <c>traceparent</c> is stored with the experiment, and one per run (a consumer span) that
/// continues that trace wherever the run is taken, with a child span per stage. With no listener (no
/// OTLP endpoint configured) no span is made at all.
/// </summary>
public static class CortexTracing
{
    public const string SourceName = "Cortex";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The trace context to store with an experiment being queued: the queued span's, else the current one's, else none.</summary>
    public static string? Enqueue(StoredExperiment experiment)
    {
        using var queued = Source.StartActivity("experiment queued", ActivityKind.Producer);
        queued?.SetTag(Tags.ExperimentId, experiment.Id);
        queued?.SetTag(Tags.Method, Tags.MethodName(experiment.Method));
        return (queued ?? Activity.Current)?.Id;
    }

    /// <summary>
    /// The run's span, from when it was queued (so the wait shows) to when it ends, in the trace that
    /// <see cref="StoredExperiment.TraceParent"/> names (a new trace for an experiment stored without one).
    /// </summary>
    public static Activity? StartRun(StoredExperiment experiment, string worker, string device)
    {
        var parent = ActivityContext.TryParse(experiment.TraceParent, null, isRemote: true, out var stored) ? stored : default;
        var queuedAt = Utc(experiment.QueuedAt ?? experiment.StartedAt ?? DateTime.UtcNow);
        var run = Source.StartActivity("experiment run", ActivityKind.Consumer, parent, RunTags(experiment, worker, device), startTime: queuedAt);
        run?.AddEvent(new ActivityEvent("queued", queuedAt));
        if (experiment.StartedAt is { } started) run?.AddEvent(new ActivityEvent("running", Utc(started)));
        return run;
    }

    /// <summary>A stage's span under the run's, whichever thread reports the stage.</summary>
    public static Activity? StartStage(Activity? run, string stage) =>
        run is null ? null : Source.StartActivity($"stage {stage}", ActivityKind.Internal, run.Context, [new(Tags.Stage, stage)]);

    /// <summary>LiteDB reads times back as local ones; spans take them in UTC.</summary>
    static DateTimeOffset Utc(DateTime time) => new(time.ToUniversalTime(), TimeSpan.Zero);

    static IEnumerable<KeyValuePair<string, object?>> RunTags(StoredExperiment experiment, string worker, string device) =>
    [
        new(Tags.ExperimentId, experiment.Id), new(Tags.Method, Tags.MethodName(experiment.Method)), new(Tags.Model, experiment.ModelId),
        new(Tags.Device, device), new(Tags.Worker, worker),
    ];
}
