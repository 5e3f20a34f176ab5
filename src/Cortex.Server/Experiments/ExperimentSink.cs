using Cortex.Server.Dispatch;
using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>Where a running experiment reports its progress, frames, saliency maps and log lines: the bus, which stores and streams them.</summary>
public sealed class ExperimentSink(string experimentId, IExperimentEvents events)
{
    public string ExperimentId => experimentId;

    public void Progress(ProgressMessage progress) => events.Publish(new ExperimentProgressed(progress));

    public void Frame(FrameMessage frame) => events.Publish(new FrameProduced(frame));

    public void Saliency(SaliencyMessage map) => events.Publish(new SaliencyProduced(map));

    public void Log(string text) => events.Publish(new LogWritten(experimentId, text));
}
