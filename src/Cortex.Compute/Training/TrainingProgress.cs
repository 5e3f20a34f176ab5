namespace Cortex.Compute.Training;

/// <summary>A progress report of a training run: the stage, its step and loss, and the run's overall fraction done.</summary>
public sealed record TrainingProgress(string Stage, int Step, int TotalSteps, double Loss, double OverallFraction, TimeSpan Elapsed)
{
    /// <summary>Remaining time, extrapolated from the overall fraction done so far.</summary>
    public TimeSpan? Eta => OverallFraction > 0.01 ? Elapsed * ((1 - OverallFraction) / OverallFraction) : null;
}
