using Cortex.Compute.Evaluation;
using Cortex.Compute.Models;

namespace Cortex.Compute.Protocols;

/// <summary>
/// Source images for a codebook-level edit that the evaluators recognise: an edit of an image that no
/// evaluator takes for its source class shows nothing about the concept. Candidates are ranked by their
/// smallest source-class probability over the evaluators.
/// </summary>
public static class RecognisedSources
{
    /// <param name="Chosen">candidate indices, most recognised first</param>
    /// <param name="Recognised">how many candidates reach the threshold under every evaluator</param>
    public sealed record Choice(IReadOnlyList<int> Chosen, int Candidates, int Recognised);

    /// <summary>The <paramref name="count"/> candidates whose smallest source-class probability is highest; unrecognised ones fill in only when too few reach <paramref name="threshold"/>.</summary>
    /// <param name="images">decoded candidates [N, 3, S, S]</param>
    public static Choice Choose(IReadOnlyList<IEvaluator> evaluators, Tensor images, int sourceClass, int count, double threshold)
    {
        if (count < 1) throw new ArgumentException($"At least one source image must be chosen, not {count}.");
        var candidates = (int)images.shape[0];
        using var labels = TensorMath.Repeated(candidates, sourceClass, images.device);
        var probabilities = evaluators.Select(e => EvaluatorScores.Probability(e, images, labels)).ToList();
        var weakest = Enumerable.Range(0, candidates).Select(i => probabilities.Min(p => p[i])).ToArray();
        var chosen = Enumerable.Range(0, candidates).OrderByDescending(i => weakest[i]).ThenBy(i => i).Take(count).ToList();
        return new Choice(chosen, candidates, weakest.Count(p => p >= threshold));
    }
}
