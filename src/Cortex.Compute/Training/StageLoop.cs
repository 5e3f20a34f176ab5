using System.Diagnostics;
using Cortex.Compute.Models;

namespace Cortex.Compute.Training;

/// <summary>
/// The loop every training stage shares: schedule the learning rate, compute the step's loss, step
/// the optimizer, report progress, honour cancellation between steps. Losses are read back every
/// <see cref="ReportEvery"/> steps, all at once: reading each step's would make the CPU wait for a GPU
/// at every step instead of queueing the next one.
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
        var pending = new List<Tensor>(ReportEvery);
        try
        {
            for (var step = 0; step < plan.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (NewDisposeScope())
                {
                    optimizer.LearningRate = LearningRateSchedule.At(plan, step);
                    optimizer.ZeroGrad();
                    var loss = lossAt(step);
                    loss.backward();
                    optimizer.Step();
                    afterStep?.Invoke(step);
                    pending.Add(loss.detach().MoveToOuterDisposeScope());
                }
                if (pending.Count < ReportEvery && step < plan.Steps - 1) continue;

                var first = step + 1 - pending.Count;
                foreach (var (value, i) in ReadBack(pending).Select((v, i) => (v, i)))
                {
                    if (!double.IsFinite(value)) throw new InvalidOperationException($"{stage}: the loss became {value} at step {first + i}.");
                    if (first + i == 0) initialLoss = value;
                    smoothedLoss = double.IsNaN(smoothedLoss) ? value : 0.95 * smoothedLoss + 0.05 * value;
                }
                tracker.Report(stage, step + 1, plan.Steps, smoothedLoss);
            }
        }
        finally
        {
            pending.ForEach(t => t.Dispose());
        }
        tracker.Complete(stage);
        return new StageRecord(stage, plan.Steps, plan.BatchSize, plan.LearningRate, (long)plan.Steps * plan.BatchSize,
            dataSeeds, Math.Round(clock.Elapsed.TotalSeconds, 1), initialLoss, smoothedLoss);
    }

    /// <summary>The pending losses in step order, in one copy from the device; empties the list.</summary>
    static float[] ReadBack(List<Tensor> pending)
    {
        using var scope = NewDisposeScope();
        var values = stack(pending).cpu().data<float>().ToArray();
        pending.ForEach(t => t.Dispose());
        pending.Clear();
        return values;
    }
}
