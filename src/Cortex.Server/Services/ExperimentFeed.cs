using Cortex.Server.Streaming;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// The live stream for Blazor pages: each subscription has its own latest-wins queue and pump, as a
/// hub client does, so a slow page never holds up the compute or other pages.
/// </summary>
public sealed class ExperimentFeed(ExperimentStreams streams, Telemetry.CortexMetrics metrics, ILogger<ExperimentFeed> logger) : IExperimentFeed
{
    readonly Action<string> _dropped = metrics.DroppedBy("page");

    public IDisposable Subscribe(string experimentId, Func<ExperimentMessage, Task> handler) =>
        new QueuePump(queue => streams.Subscribe(experimentId, queue), (message, _) => handler(message), logger, $"a page of experiment {experimentId}", _dropped);

    public IDisposable SubscribeStatuses(Func<StatusMessage, Task> handler) =>
        new QueuePump(streams.SubscribeStatuses, (message, _) => message is StatusMessage status ? handler(status) : Task.CompletedTask, logger, "a page listing experiments", _dropped);
}
