using Cortex.Compute.Concepts;
using Cortex.Compute.Extractors;
using Cortex.Compute.Imaging;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;

namespace Cortex.Compute.Evaluation;

/// <summary>How strongly a token set marks one background, and whether that is more than chance.</summary>
/// <param name="Delta">Cliff's delta of per-image token counts, images on this background against images on the others.</param>
/// <param name="Interval">Percentile bootstrap interval of <paramref name="Delta"/>.</param>
/// <param name="P">Two-sided permutation p-value of <paramref name="Delta"/>.</param>
/// <param name="CorrectedP">Holm-adjusted over the backgrounds reviewed together.</param>
/// <param name="Counts">The two groups <paramref name="Delta"/> compares: how many images, and how many of the tokens' positions each holds on average.</param>
public sealed record BackgroundEffect(double Delta, ConfidenceInterval Interval, double P, double CorrectedP, GroupCounts Counts)
{
    /// <summary>
    /// The tokens mark this background: at least a medium effect toward it AND significant after
    /// correction. Only a positive delta counts — a negative one says the tokens avoid the background,
    /// which every other background shows once one background is marked.
    /// </summary>
    public bool Flagged => Delta >= ShortcutReview.MediumEffect && CorrectedP < ShortcutReview.Alpha;
}

/// <summary>Images on a background (<see cref="ImagesOn"/>) against images on the others, and the mean count of token positions per image in each.</summary>
public sealed record GroupCounts(int ImagesOn, double MeanOn, int ImagesOff, double MeanOff);

/// <summary>Which images a review example comes from.</summary>
public enum ShortcutGroup
{
    /// <summary>An image of another class on the strongest background.</summary>
    OnBackground,
    /// <summary>An image of another class on any other background: the contrast.</summary>
    OffBackground,
    /// <summary>One of the concept's own images, with its ground truth.</summary>
    Concept,
}

/// <summary>
/// One image the review counted, for a reviewer to see: its PNG, the grid positions holding one of the tokens, and
/// (on the concept's own images, which carry ground truth) those of them whose patch shows no object pixel.
/// </summary>
public sealed record ShortcutExample(ShortcutGroup Group, string Class, Background Background, int GridSize, int[] Positions, int[]? OffObject, byte[] Png);

/// <summary>How strongly a concept's tokens mark each background, and how many of them sit off the object.</summary>
/// <param name="Backgrounds">Per background: its effect, interval, p-values and the groups compared.</param>
/// <param name="BackgroundFraction">Share of the token set's positions, on the concept's own images, whose patch shows no object pixel.</param>
/// <param name="Examples">The first images of each group as drawn (not the most telling ones), <see cref="ShortcutReview.ExamplesPerGroup"/> each.</param>
public sealed record ShortcutEvidence(IReadOnlyDictionary<Background, BackgroundEffect> Backgrounds, double BackgroundFraction, IReadOnlyList<ShortcutExample> Examples)
{
    public KeyValuePair<Background, BackgroundEffect> Strongest => Backgrounds.MaxBy(d => d.Value.Delta);
}

/// <summary>
/// Shortcut review of a concept's token set. On rendered images of every OTHER class (unbiased
/// world), count per image the positions that hold one of the tokens; for each background, Cliff's
/// delta between the images on it and the rest: if the tokens mark a background, its images score
/// higher. Each delta gets a permutation p-value and a bootstrap interval; the p-values are
/// Holm-corrected across the backgrounds, the family tested together. Then, on the concept's own
/// images as the biased world renders them (with ground truth), the share of those positions that lie
/// on background pixels.
/// </summary>
public static class ShortcutReview
{
    /// <summary>Romano et al.'s lower bound of a medium |δ|.</summary>
    public const double MediumEffect = 0.33;
    /// <summary>Family-wise error rate of the corrected p-values.</summary>
    public const double Alpha = 0.05;
    /// <summary>Shuffles of the permutation test and resamples of the bootstrap: p resolves to 1/2001.</summary>
    public const int Permutations = 2000;
    /// <summary>
    /// One-sided level at which a token counts as attached by the generator: it sits in more generated
    /// images than real ones, beyond what chance gives with equal rates.
    /// </summary>
    public const double OverRepresentationLevel = 0.01;
    /// <summary>Images shown per group of the evidence.</summary>
    public const int ExamplesPerGroup = 4;

    public static ShortcutEvidence Review(BuiltInModel model, IReadOnlyCollection<long> tokenSet, ConceptClass concept, int images, int seed)
    {
        if (tokenSet.Count == 0) throw new ArgumentException("The token set to review is empty.");
        if (images < 8) throw new ArgumentException($"A shortcut review needs at least 8 images, not {images}.");
        var set = tokenSet.ToHashSet();
        var renderer = new Renderer(model.World.Unbiased);
        var others = Enumerable.Range(0, images * 4).Select(i => renderer.Render(seed + 303, i)).Where(image => image.ClassId != concept.Id).Take(images).ToList();
        using var pixels = WorldBatch.Stack(others).to(model.Device);
        using var otherTokens = Encode(model, pixels);
        var otherPositions = Masking.PositionsOf(otherTokens, set);
        var counts = otherPositions.Select(p => (double)p.Length).ToList();
        var groups = new Dictionary<Background, (List<double> On, List<double> Off)>();
        foreach (var background in Enum.GetValues<Background>())
        {
            var on = others.Select((image, i) => (image, i)).Where(x => x.image.Background == background).Select(x => counts[x.i]).ToList();
            var off = others.Select((image, i) => (image, i)).Where(x => x.image.Background != background).Select(x => counts[x.i]).ToList();
            if (on.Count > 0 && off.Count > 0) groups[background] = (on, off);
        }
        var pValues = groups.Select(g => Significance.PermutationP(g.Value.On, g.Value.Off, seed + 606 + (int)g.Key, Permutations)).ToList();
        var corrected = Significance.Holm(pValues);
        var effects = groups.Select((g, k) =>
        {
            var interval = Significance.BootstrapInterval(g.Value.On, g.Value.Off, seed + 707 + (int)g.Key, Permutations);
            var counts = new GroupCounts(g.Value.On.Count, Math.Round(g.Value.On.Average(), 4), g.Value.Off.Count, Math.Round(g.Value.Off.Average(), 4));
            return (g.Key, Effect: new BackgroundEffect(Math.Round(Statistics.CliffsDelta(g.Value.On, g.Value.Off), 4),
                new ConfidenceInterval(Math.Round(interval.Low, 4), Math.Round(interval.High, 4), interval.Level), Math.Round(pValues[k], 4), Math.Round(corrected[k], 4), counts));
        }).ToDictionary(e => e.Key, e => e.Effect);
        var strongest = effects.MaxBy(e => e.Value.Delta).Key;
        IEnumerable<ShortcutExample> OtherExamples(ShortcutGroup group, bool onStrongest) => others.Select((image, i) => (image, i))
            .Where(x => (x.image.Background == strongest) == onStrongest).Take(ExamplesPerGroup)
            .Select(x => Example(group, x.image, otherPositions[x.i], null, model.GridSize));
        var examples = OtherExamples(ShortcutGroup.OnBackground, true).Concat(OtherExamples(ShortcutGroup.OffBackground, false)).ToList();

        using var own = SupportSets.Encode(model, new Renderer(model.World), concept, Math.Max(8, images / 4), seed + 404);
        var positions = Masking.PositionsOf(own.Tokens, set);
        int onBackground = 0, total = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            var offObject = positions[i].Where(p => !GridPatches.Touches(own.GroundTruth![i].ObjectMask, (int)p, model.GridSize, model.ImageSize)).ToList();
            (total, onBackground) = (total + positions[i].Length, onBackground + offObject.Count);
            if (i < ExamplesPerGroup) examples.Add(Example(ShortcutGroup.Concept, own.GroundTruth![i], positions[i], offObject, model.GridSize));
        }
        return new ShortcutEvidence(effects, total == 0 ? 0 : Math.Round((double)onBackground / total, 4), examples);
    }

    static ShortcutExample Example(ShortcutGroup group, RenderedImage image, long[] positions, IEnumerable<long>? offObject, int gridSize) =>
        new(group, ClassTable.All[image.ClassId].Name, image.Background, gridSize, [.. positions.Select(p => (int)p)], offObject?.Select(p => (int)p).ToArray(),
            PngWriter.Encode(image.Pixels, image.Size));

    /// <summary>
    /// The token set that tells a concept as the model GENERATES it from the same concept as the
    /// unbiased world RENDERS it (as in the paper's bias study, an extractor separates the two groups):
    /// what the generator attaches to the concept beyond the concept itself. The generated group's
    /// top-n TIS positions are counted into the <paramref name="tokenNum"/> most frequent ids, among the
    /// tokens over-represented in the generated group (<see cref="OverRepresented"/>): the object's own
    /// tokens occur in both groups alike, and without this contrast they fill the set because every image
    /// holds them, however little the extractor needs them. When no token is over-represented, every
    /// top-n position counts.
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
        using var top = ConceptTokenSet.TopPositions(scores.Scores, topN);
        using var pickedTokens = generated.Tokens.flatten(1).gather(1, top);
        var picked = pickedTokens.cpu().data<long>().ToArray();
        var attached = OverRepresented(generated.Tokens, real.Tokens, model.CodebookSize);
        var kept = picked.Where(t => attached[t]).ToArray();
        return ConceptTokenSet.Count(kept.Length > 0 ? kept : picked, tokenNum);
    }

    /// <summary>
    /// Per codebook id: does it sit in significantly more generated images than real ones? Images, not
    /// positions, are counted — a background token fills many positions of one image, which are not
    /// independent draws. With g generated and r real images holding the token, equal rates make g a
    /// Binomial(g + r, ½) draw; the token counts when P(X ≥ g) &lt; <see cref="OverRepresentationLevel"/>.
    /// </summary>
    public static bool[] OverRepresented(Tensor generated, Tensor real, int codebookSize)
    {
        var (inGenerated, inReal) = (ImagesHolding(generated, codebookSize), ImagesHolding(real, codebookSize));
        return [.. inGenerated.Zip(inReal, (g, r) => g > r && UpperTail(g, g + r) < OverRepresentationLevel)];
    }

    /// <summary>Per codebook id, how many of the grids [N, H, W] hold it at least once.</summary>
    static int[] ImagesHolding(Tensor tokens, int codebookSize)
    {
        using var scope = NewDisposeScope();
        var counts = new int[codebookSize];
        var grids = tokens.flatten(1).cpu();
        var cells = (int)grids.shape[1];
        var flat = grids.data<long>().ToArray();
        for (var i = 0; i < flat.Length; i += cells)
            foreach (var token in flat.AsSpan(i, cells).ToArray().Distinct()) counts[token]++;
        return counts;
    }

    /// <summary>P(X ≥ k) for X ~ Binomial(n, ½), summed in log space so that large n neither overflows nor underflows.</summary>
    static double UpperTail(int k, int n)
    {
        double logChoose = 0, tail = 0;
        for (var j = 0; j <= n; j++)
        {
            if (j > 0) logChoose += Math.Log(n - j + 1) - Math.Log(j);
            if (j >= k) tail += Math.Exp(logChoose - n * Math.Log(2));
        }
        return tail;
    }

    static Tensor Encode(BuiltInModel model, Tensor pixels)
    {
        using var _ = no_grad();
        return model.Encode(pixels);
    }
}
