using System.Diagnostics;

namespace Cortex.Compute.Training;

/// <summary>Turns per-stage steps into overall progress, weighting each stage by its expected share of the run.</summary>
public sealed class ProgressTracker(IProgress<TrainingProgress>? progress, IReadOnlyDictionary<string, double> stageWeights)
{
    readonly Stopwatch _clock = Stopwatch.StartNew();
    double _completedWeight;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Report(string stage, int step, int totalSteps, double loss)
    {
        var fraction = (_completedWeight + stageWeights[stage] * step / Math.Max(1, totalSteps)) / stageWeights.Values.Sum();
        progress?.Report(new TrainingProgress(stage, step, totalSteps, loss, Math.Min(1, fraction), _clock.Elapsed));
    }

    public void Complete(string stage) => _completedWeight += stageWeights[stage];
}
