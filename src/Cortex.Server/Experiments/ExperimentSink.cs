using Cortex.Server.Streaming;
using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>Where a running experiment reports: its progress (also stored), frames, saliency maps and log lines (streamed).</summary>
public sealed class ExperimentSink(string experimentId, ExperimentStreams streams, Action<string, double> saveProgress)
{
    readonly DateTime _started = DateTime.UtcNow;

    public string ExperimentId => experimentId;

    public void Progress(string stage, double fraction)
    {
        fraction = Math.Clamp(fraction, 0, 1);
        var elapsed = (DateTime.UtcNow - _started).TotalSeconds;
        double? eta = fraction > 0.02 ? elapsed * (1 - fraction) / fraction : null;
        saveProgress(stage, fraction);
        streams.Publish(new ProgressMessage { ExperimentId = experimentId, Stage = stage, Fraction = fraction, EtaSeconds = eta });
    }

    public void Publish(ExperimentMessage message) => streams.Publish(message);

    public void Log(string text) => streams.Publish(new LogMessage { ExperimentId = experimentId, Text = text });
}
