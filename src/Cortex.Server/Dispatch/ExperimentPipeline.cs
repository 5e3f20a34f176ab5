using Cortex.Server.Experiments;
using Cortex.Server.Streaming;
using Cortex.Server.Telemetry;

namespace Cortex.Server.Dispatch;

/// <summary>
/// Connects the parts at start, before the worker claims anything: subscribes the live streams and the stored
/// progress to the bus, then reconciles the queue after a restart, so that what the store and the runs publish
/// reaches browsers and the database without either calling the other.
/// </summary>
public sealed class ExperimentPipeline(IExperimentQueue queue, IExperimentEvents events, ExperimentStreams streams, ExperimentStore store,
    ILogger<ExperimentPipeline> logger) : IHostedService
{
    readonly List<IDisposable> _subscriptions = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriptions.Add(events.Subscribe("the live streams", e =>
        {
            if (e is FrameProduced { Earlier: { } earlier }) streams.Remember(e.ExperimentId, earlier);
            streams.Publish(LiveMessages.Of(e));
            return Task.CompletedTask;
        }));
        _subscriptions.Add(events.Subscribe("the stored progress", e =>
        {
            if (e is ExperimentProgressed { Progress: var progress }) store.SaveProgress(progress.ExperimentId, progress.Stage, progress.Fraction);
            return Task.CompletedTask;
        }));
        // After subscribing, so that the live streams announce the interruptions too.
        var interrupted = queue.Reconcile();
        if (interrupted > 0) logger.Interrupted(interrupted);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _subscriptions.Clear();
        return Task.CompletedTask;
    }
}
