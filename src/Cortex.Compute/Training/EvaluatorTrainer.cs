using Cortex.Compute.Models;
using Cortex.Compute.World;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Training;

/// <summary>
/// Trains a pixel evaluator on freshly rendered images of the unbiased world (the judges must look
/// at the object, not at the planted background), with mild noise so that decoded images do not
/// surprise them.
/// </summary>
public static class EvaluatorTrainer
{
    public static StageRecord Train(Module<Tensor, Tensor> evaluator, string stage, StagePlan stagePlan, TrainingPlan plan,
        ProgressTracker tracker, Generator generator, CancellationToken cancellationToken)
    {
        var renderer = new Renderer(plan.World.Unbiased);
        var seed = plan.EvaluatorDataSeed;
        evaluator.train();
        using var optimizer = AdamOptimizer.Decoupled(evaluator.parameters(), stagePlan.LearningRate, weightDecay: 1e-4);
        var record = StageLoop.Run(stage, stagePlan, optimizer, step =>
        {
            var (images, labels) = WorldBatch.Render(renderer, seed, (long)step * stagePlan.BatchSize, stagePlan.BatchSize, plan.Device);
            var noiseScale = rand([stagePlan.BatchSize, 1, 1, 1], generator: generator).to(plan.Device).Times(0.1);
            var noisy = images.Plus(randn(images.shape, generator: generator).to(plan.Device) * noiseScale).Clamp(-1, 1);
            return functional.cross_entropy(evaluator.call(noisy), labels);
        }, tracker, cancellationToken, $"unbiased world, seed {seed}");
        evaluator.eval();
        return record;
    }
}
