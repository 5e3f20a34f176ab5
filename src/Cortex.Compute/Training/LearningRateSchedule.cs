namespace Cortex.Compute.Training;

/// <summary>Linear warm-up, then cosine decay to a tenth of the peak.</summary>
public static class LearningRateSchedule
{
    public static double At(StagePlan plan, int step)
    {
        if (step < plan.WarmupSteps) return plan.LearningRate * (step + 1) / plan.WarmupSteps;
        var progress = (double)(step - plan.WarmupSteps) / Math.Max(1, plan.Steps - plan.WarmupSteps);
        return plan.LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
