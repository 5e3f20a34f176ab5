using Cortex.Compute.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Evaluation;

/// <summary>What the independent evaluators say about images: never the extractor's opinion.</summary>
public static class EvaluatorScores
{
    const int Chunk = 512;

    /// <summary>Each image's probability [B] of its class, by one evaluator.</summary>
    public static double[] Probability(IEvaluator evaluator, Tensor images, Tensor classIds) => Judge(evaluator, images, classIds).Probability;

    /// <summary>Each image's probability and logit of its class, from one forward pass of the evaluator.</summary>
    public static ClassScores Judge(IEvaluator evaluator, Tensor images, Tensor classIds)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (probabilities, logits) = (new List<Tensor>(), new List<Tensor>());
        for (long start = 0; start < images.shape[0]; start += Chunk)
        {
            var length = Math.Min(Chunk, images.shape[0] - start);
            var all = evaluator.Logits(images.narrow(0, start, length));
            var own = classIds.narrow(0, start, length).unsqueeze(1);
            probabilities.Add(functional.softmax(all, 1).gather(1, own).squeeze(1));
            logits.Add(all.gather(1, own).squeeze(1));
        }
        return new ClassScores(Doubles(cat(probabilities, 0)), Doubles(cat(logits, 0)));
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

    static double[] Doubles(Tensor values) => values.cpu().to(ScalarType.Float64).data<double>().ToArray();
}

/// <summary>Each image's probability [B] and logit [B] of its class, as one evaluator judged it.</summary>
public sealed record ClassScores(double[] Probability, double[] Logit);
