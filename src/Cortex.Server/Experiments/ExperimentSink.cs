using Cortex.Compute.Runs;
using Cortex.Server.Dispatch;
using Cortex.Server.Storage;
using Cortex.Server.Telemetry;
using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>
/// Where a running experiment reports: turns what the run reports (its stages, saliency maps, frames and log lines) into
/// the live messages of the experiment and publishes them (on the worker's way to the head's bus, which stores the progress and streams them all); stages and log lines reach the run's telemetry too.
/// </summary>
public sealed class ExperimentSink(StoredExperiment experiment, Action<ExperimentEvent> publish, RunTelemetry telemetry) : IRunListener
{
    readonly StageProgress _stages = new(experiment.Id, RunStages.Of(experiment.Method), TimeProvider.System);

    public string ExperimentId { get; } = experiment.Id;

    public void Stage(string stage, double fraction) => Report(_stages.Report(stage, fraction));

    /// <summary>Every stage is complete: the results are being written.</summary>
    public void Done() => Report(_stages.Done());

    void Report(ProgressMessage progress)
    {
        telemetry.Stage(progress.Stage);
        publish(new ExperimentProgressed(progress));
    }

    public void Saliency(SaliencyMap map) => publish(new SaliencyProduced(new SaliencyMessage
    {
        ExperimentId = ExperimentId, ImageIndex = map.ImageIndex, Concept = map.Concept, GridSize = map.GridSize, Tis = map.Tis,
        TopTokens = map.TopTokens, TopPositions = map.TopPositions,
    }));

    public void Frame(LiveFrame frame) => publish(new FrameProduced(new FrameMessage
    {
        ExperimentId = ExperimentId, Step = frame.Step, Steps = frame.Steps, Loss = frame.Loss, TargetProbability = frame.TargetProbability,
        EvaluatorProbability = frame.EvaluatorProbability?.ToDictionary(), GridSize = frame.GridSize, Tokens = frame.Tokens, Changed = frame.Changed,
        Png = frame.Png, ProducedAt = DateTime.UtcNow,
    }));

    public void Log(string text)
    {
        telemetry.Line(text);
        publish(new LogWritten(ExperimentId, text));
    }
}
