using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Training;

/// <summary>
/// Trains the VQ tokenizer on the biased world: reconstruction MSE through the straight-through
/// quantizer plus β·commitment; the codebook follows by EMA, and entries that fall out of use restart
/// at live encoder outputs.
/// </summary>
public static class TokenizerTrainer
{
    /// <summary>An entry assigned less than about once per batch (EMA) restarts at a live latent.</summary>
    const double DeadThreshold = 1.0;

    public static StageRecord Train(VqTokenizer tokenizer, TrainingPlan plan, ProgressTracker tracker,
        Generator generator, CancellationToken cancellationToken)
    {
        var renderer = new Renderer(plan.World);
        var stagePlan = plan.TokenizerStage;
        var seed = plan.TokenizerDataSeed;
        var config = tokenizer.Config;
        tokenizer.train();
        var parameters = tokenizer.Encoder.parameters().Concat(tokenizer.Decoder.parameters());
        using var optimizer = AdamOptimizer.WithL2(parameters, stagePlan.LearningRate);

        Tensor? latents = null, assignments = null;
        var record = StageLoop.Run("tokenizer", stagePlan, optimizer, step =>
        {
            var (images, _) = WorldBatch.Render(renderer, seed, (long)step * stagePlan.BatchSize, stagePlan.BatchSize, plan.Device);
            var z = tokenizer.Encoder.call(images);
            var flat = z.detach().permute(0, 2, 3, 1).reshape(-1, config.EmbeddingDim);
            if (step == 0) tokenizer.Quantizer.InitializeFrom(flat, generator);
            var (straightThrough, quantized, indices) = tokenizer.Quantizer.Quantize(z);
            var reconstruction = tokenizer.Decoder.call(straightThrough);
            (latents, assignments) = (flat, indices.flatten());
            return functional.mse_loss(reconstruction, images).Plus(functional.mse_loss(z, quantized.detach()), config.CommitmentCost);
        }, tracker, cancellationToken, $"biased world, seed {seed}",
        afterStep: _ => tokenizer.Quantizer.UpdateEma(latents!, assignments!, DeadThreshold, generator));
        tokenizer.eval();
        return record;
    }
}
