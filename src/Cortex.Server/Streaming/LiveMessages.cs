using Cortex.Server.Dispatch;
using Cortex.Web.Services;

namespace Cortex.Server.Streaming;

/// <summary>The message a live stream carries for each event on the bus.</summary>
public static class LiveMessages
{
    public static ExperimentMessage Of(ExperimentEvent experimentEvent) => experimentEvent switch
    {
        ExperimentQueued queued => Status(queued.ExperimentId, ExperimentStatus.Queued, null),
        ExperimentStarted started => Status(started.ExperimentId, ExperimentStatus.Running, null),
        ExperimentFinished finished => Status(finished.ExperimentId, finished.Status, finished.Error),
        ExperimentProgressed progressed => progressed.Progress,
        FrameProduced produced => produced.Frame,
        SaliencyProduced produced => produced.Map,
        LogWritten log => new LogMessage { ExperimentId = log.ExperimentId, Text = log.Text },
        _ => throw new ArgumentOutOfRangeException(nameof(experimentEvent), experimentEvent, "No live message for this event."),
    };

    static StatusMessage Status(string experimentId, ExperimentStatus status, string? error) => new()
    {
        ExperimentId = experimentId, Status = status.ToString().ToLowerInvariant(), Error = error,
    };
}
