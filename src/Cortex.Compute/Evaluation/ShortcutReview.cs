using Cortex.Compute.Concepts;
using Cortex.Compute.Extractors;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;

namespace Cortex.Compute.Evaluation;

/// <summary>How strongly a concept's tokens mark each background, and how many of them sit off the object.</summary>
/// <param name="CliffsDelta">Per background: Cliff's delta of token counts between images on it and images on the others.</param>
/// <param name="BackgroundFraction">Share of the token set's positions, on the concept's own images, whose patch shows no object pixel.</param>
public sealed record ShortcutEvidence(IReadOnlyDictionary<Background, double> CliffsDelta, double BackgroundFraction)
{
    public KeyValuePair<Background, double> Strongest => CliffsDelta.MaxBy(d => d.Value);
}

/// <summary>
/// Shortcut review of a concept's token set. On rendered images of every OTHER class (unbiased
/// world), count per image the positions that hold one of the tokens; for each background, Cliff's
/// delta between the images on it and the rest: if the tokens mark a background, its images score
/// higher. Then, on the concept's own images as the biased world renders them (with ground truth), the
/// share of those positions that lie on background pixels.
/// </summary>
public static class ShortcutReview
{
    public static ShortcutEvidence Review(BuiltInModel model, IReadOnlyCollection<long> tokenSet, ConceptClass concept, int images, int seed)
    {
        if (tokenSet.Count == 0) throw new ArgumentException("The token set to review is empty.");
        if (images < 8) throw new ArgumentException($"A shortcut review needs at least 8 images, not {images}.");
        var set = tokenSet.ToHashSet();
        var renderer = new Renderer(model.World.Unbiased);
        var others = Enumerable.Range(0, images * 4).Select(i => renderer.Render(seed + 303, i)).Where(image => image.ClassId != concept.Id).Take(images).ToList();
        using var pixels = WorldBatch.Stack(others).to(model.Device);
        using var otherTokens = Encode(model, pixels);
        var counts = Masking.PositionsOf(otherTokens, set).Select(p => (double)p.Length).ToList();
        var deltas = new Dictionary<Background, double>();
        foreach (var background in Enum.GetValues<Background>())
        {
            var on = others.Select((image, i) => (image, i)).Where(x => x.image.Background == background).Select(x => counts[x.i]).ToList();
            var off = others.Select((image, i) => (image, i)).Where(x => x.image.Background != background).Select(x => counts[x.i]).ToList();
            if (on.Count > 0 && off.Count > 0) deltas[background] = Math.Round(Statistics.CliffsDelta(on, off), 4);
        }

        using var own = SupportSets.Encode(model, new Renderer(model.World), concept, Math.Max(8, images / 4), seed + 404);
        var positions = Masking.PositionsOf(own.Tokens, set);
        int onBackground = 0, total = 0;
        for (var i = 0; i < positions.Count; i++)
            foreach (var p in positions[i])
            {
                total++;
                if (!GridPatches.Touches(own.GroundTruth![i].ObjectMask, (int)p, model.GridSize, model.ImageSize)) onBackground++;
            }
        return new ShortcutEvidence(deltas, total == 0 ? 0 : Math.Round((double)onBackground / total, 4));
    }

    /// <summary>
    /// The token set that tells a concept as the model GENERATES it from the same concept as the
    /// unbiased world RENDERS it (as in the paper's bias study, an extractor separates the two groups):
    /// what the generator attaches to the concept beyond the concept itself. The generated group's
    /// top-n TIS positions are counted into the <paramref name="tokenNum"/> most frequent ids.
    /// </summary>
    public static IReadOnlyList<TokenCount> GeneratedVersusReal(BuiltInModel model, SupportSet generated, ConceptClass concept, int topN, int tokenNum,
        ExtractorTrainingOptions training, Importance.ImportanceOptions importance, int seed, CancellationToken cancellationToken = default)
    {
        using var real = SupportSets.Encode(model, new Renderer(model.World.Unbiased), concept, generated.Count, seed + 505);
        using var tokens = cat([generated.Tokens, real.Tokens], 0);
        using var groups = cat([zeros(generated.Count, dtype: ScalarType.Int64), ones(real.Count, dtype: ScalarType.Int64)], 0).to(model.Device);
        using var embeddings = model.Embed(tokens);
        using var extractor = ExtractorTrainer.Train(ExtractorArchitecture.Cnn, embeddings, groups, concepts: 2, training, cancellationToken: cancellationToken);
        using var targets = zeros(generated.Count, dtype: ScalarType.Int64, device: model.Device);
        using var neutral = Importance.NeutralToken.Of(model.Codebook).Embedding;
        using var generatedEmbeddings = model.Embed(generated.Tokens);
        using var scores = Importance.TokenImportance.Compute(extractor.Module, generatedEmbeddings, targets, neutral, importance);
        return ConceptTokenSet.Compute(generated.Tokens, scores.Scores, topN, tokenNum);
    }

    static Tensor Encode(BuiltInModel model, Tensor pixels)
    {
        using var _ = no_grad();
        return model.Encode(pixels);
    }
}
