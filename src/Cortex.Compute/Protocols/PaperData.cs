using Cortex.Compute.Concepts;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;

namespace Cortex.Compute.Protocols;

/// <summary>
/// The protocol's data: generated support sets of every class (the paper's setting), concatenated,
/// and encoded rendered sets with ground truth (for localization and the shortcut review).
/// </summary>
sealed class PaperData : IDisposable
{
    public PaperData(BuiltInModel model, PaperOptions options)
    {
        var sampling = model.Card.Sampling;
        Generated = ClassTable.All.Select(c => SupportSets.Generate(model, c, options.GeneratedPerClass, options.Seed, sampling)).ToList();
        var unbiased = new Renderer(model.World.Unbiased);
        Encoded = ClassTable.All.Select(c => SupportSets.Encode(model, unbiased, c, options.EncodedPerClass, options.Seed + 101)).ToList();
        Tokens = cat(Generated.Select(s => s.Tokens).ToList(), 0);
        Labels = cat(Generated.Select(s => full(s.Count, s.ClassId, dtype: ScalarType.Int64, device: model.Device)).ToList(), 0);
        using (no_grad()) Embeddings = model.Embed(Tokens);
        EncodedTokens = cat(Encoded.Select(s => s.Tokens).ToList(), 0);
        EncodedLabels = cat(Encoded.Select(s => full(s.Count, s.ClassId, dtype: ScalarType.Int64, device: model.Device)).ToList(), 0);
        EncodedTruth = Encoded.SelectMany(s => s.GroundTruth!).ToList();
    }

    public IReadOnlyList<SupportSet> Generated { get; }
    public IReadOnlyList<SupportSet> Encoded { get; }
    /// <summary>[N, H, W] every generated grid, class by class.</summary>
    public Tensor Tokens { get; }
    public Tensor Labels { get; }
    /// <summary>[N, D, H, W]</summary>
    public Tensor Embeddings { get; }
    public Tensor EncodedTokens { get; }
    public Tensor EncodedLabels { get; }
    public IReadOnlyList<RenderedImage> EncodedTruth { get; }

    public void Dispose()
    {
        foreach (var set in Generated.Concat(Encoded)) set.Dispose();
        Tokens.Dispose();
        Labels.Dispose();
        Embeddings.Dispose();
        EncodedTokens.Dispose();
        EncodedLabels.Dispose();
    }
}
