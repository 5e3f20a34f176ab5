using Cortex.Compute.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Evaluation;

/// <summary>What the independent evaluators say about images: never the extractor's opinion.</summary>
public static class EvaluatorScores
{
    const int Chunk = 512;

    /// <summary>Each image's probability [B] of its class, by one evaluator.</summary>
    public static double[] Probability(IEvaluator evaluator, Tensor images, Tensor classIds)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += Chunk)
        {
            var length = Math.Min(Chunk, images.shape[0] - start);
            var probabilities = functional.softmax(evaluator.Logits(images.narrow(0, start, length)), 1);
            parts.Add(probabilities.gather(1, classIds.narrow(0, start, length).unsqueeze(1)).squeeze(1));
        }
        return cat(parts, 0).cpu().to(ScalarType.Float64).data<double>().ToArray();
    }

    /// <summary>Decodes token grids in chunks, [B, 3, S, S].</summary>
    public static Tensor Decode(IVqModel model, Tensor tokens)
    {
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < tokens.shape[0]; start += Chunk)
            parts.Add(model.Decode(tokens.narrow(0, start, Math.Min(Chunk, tokens.shape[0] - start))).Clamp(-1, 1));
        var images = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return images;
    }
}
