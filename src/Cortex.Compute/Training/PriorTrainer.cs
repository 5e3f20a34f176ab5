using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Training;

/// <summary>
/// Trains the class-conditional prior by next-token cross-entropy on the token grids of a fixed set
/// of rendered images of the biased world (so generated images inherit the planted shortcut); a share
/// of sequences sees the null class instead of its own, for classifier-free guidance.
/// </summary>
public static class PriorTrainer
{
    const int EncodeChunk = 500;

    public static StageRecord Train(TokenPrior prior, VqTokenizer tokenizer, TrainingPlan plan, ProgressTracker tracker,
        Generator generator, CancellationToken cancellationToken)
    {
        var (tokens, labels) = EncodeDataset(tokenizer, plan, cancellationToken);
        using (tokens)
        using (labels)
        {
            var stagePlan = plan.PriorStage;
            prior.train();
            using var optimizer = AdamOptimizer.Decoupled(prior.parameters(), stagePlan.LearningRate, weightDecay: 0.01);
            var record = StageLoop.Run("prior", stagePlan, optimizer, _ =>
            {
                var picks = randint(tokens.shape[0], [stagePlan.BatchSize], generator: generator).to(plan.Device);
                var batch = tokens.index_select(0, picks);
                var dropped = rand([stagePlan.BatchSize], generator: generator).Below(plan.ClassDropout).to(plan.Device);
                var classes = labels.index_select(0, picks).MaskedFill(dropped, prior.Config.NullClass);
                var logits = prior.call(classes, batch);
                return functional.cross_entropy(logits.reshape(-1, prior.Config.CodebookSize), batch.flatten());
            }, tracker, cancellationToken, $"{plan.PriorDatasetImages} images of the biased world, seed {plan.PriorDataSeed}");
            prior.eval();
            return record;
        }
    }

    /// <summary>Token sequences [N, H·W] and class ids [N] of the prior's training images.</summary>
    static (Tensor Tokens, Tensor Labels) EncodeDataset(VqTokenizer tokenizer, TrainingPlan plan, CancellationToken cancellationToken)
    {
        var renderer = new Renderer(plan.World);
        var tokenChunks = new List<Tensor>();
        var labelChunks = new List<Tensor>();
        using var _ = no_grad();
        for (var start = 0; start < plan.PriorDatasetImages; start += EncodeChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(EncodeChunk, plan.PriorDatasetImages - start);
            using var scope = NewDisposeScope();
            var (images, labels) = WorldBatch.Render(renderer, plan.PriorDataSeed, start, count, plan.Device);
            tokenChunks.Add(tokenizer.Encode(images).flatten(1).MoveToOuterDisposeScope());
            labelChunks.Add(labels.MoveToOuterDisposeScope());
        }
        var result = (cat(tokenChunks, 0), cat(labelChunks, 0));
        foreach (var chunk in tokenChunks.Concat(labelChunks)) chunk.Dispose();
        return result;
    }
}
