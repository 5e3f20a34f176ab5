using System.Diagnostics;
using Cortex.Compute.Models;

namespace Cortex.Compute.Training;

/// <summary>
/// The loop every training stage shares: schedule the learning rate, compute the step's loss, step
/// the optimizer, report progress, honour cancellation between steps.
/// </summary>
public static class StageLoop
{
    const int ReportEvery = 10;

    /// <param name="lossAt">Builds the loss of step i; runs inside that step's dispose scope.</param>
    /// <param name="afterStep">Runs after the optimizer step (e.g. codebook EMA updates), same scope.</param>
    public static StageRecord Run(string stage, StagePlan plan, AdamOptimizer optimizer, Func<int, Tensor> lossAt,
        ProgressTracker tracker, CancellationToken cancellationToken, string dataSeeds, Action<int>? afterStep = null)
    {
        var clock = Stopwatch.StartNew();
        double initialLoss = double.NaN, smoothedLoss = double.NaN;
        for (var step = 0; step < plan.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            optimizer.LearningRate = LearningRateSchedule.At(plan, step);
            optimizer.ZeroGrad();
            var loss = lossAt(step);
            loss.backward();
            optimizer.Step();
            afterStep?.Invoke(step);

            var value = loss.item<float>();
            if (!double.IsFinite(value)) throw new InvalidOperationException($"{stage}: the loss became {value} at step {step}.");
            if (step == 0) initialLoss = value;
            smoothedLoss = double.IsNaN(smoothedLoss) ? value : 0.95 * smoothedLoss + 0.05 * value;
            if (step % ReportEvery == 0 || step == plan.Steps - 1) tracker.Report(stage, step + 1, plan.Steps, smoothedLoss);
        }
        tracker.Complete(stage);
        return new StageRecord(stage, plan.Steps, plan.BatchSize, plan.LearningRate, (long)plan.Steps * plan.BatchSize,
            dataSeeds, Math.Round(clock.Elapsed.TotalSeconds, 1), initialLoss, smoothedLoss);
    }
}
