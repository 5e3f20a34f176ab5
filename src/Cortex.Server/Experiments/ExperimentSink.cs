using Cortex.Server.Streaming;
using Cortex.Server.Telemetry;
using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>Where a running experiment reports: its progress (also stored), frames, saliency maps and log lines (streamed), and the run's telemetry.</summary>
public sealed class ExperimentSink(string experimentId, ExperimentStreams streams, Action<string, double> saveProgress, RunTelemetry telemetry)
{
    public string ExperimentId => experimentId;

    /// <summary>Stores the stage and its fraction, and streams the whole report.</summary>
    public void Progress(ProgressMessage progress)
    {
        telemetry.Stage(progress.Stage);
        saveProgress(progress.Stage, progress.Fraction);
        streams.Publish(progress);
    }

    public void Publish(ExperimentMessage message) => streams.Publish(message);

    public void Log(string text)
    {
        telemetry.Line(text);
        streams.Publish(new LogMessage { ExperimentId = experimentId, Text = text });
    }
}
