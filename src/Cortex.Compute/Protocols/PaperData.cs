using Cortex.Compute.Concepts;
using Cortex.Compute.World;

namespace Cortex.Compute.Protocols;

/// <summary>
/// The protocol's data: generated support sets of every concept (the paper's setting), concatenated
/// with the concept's index as label, and — when the subject has a world — encoded rendered sets with
/// ground truth (for localization and the shortcut review).
/// </summary>
sealed class PaperData : IDisposable
{
    public PaperData(PaperSubject subject, PaperOptions options)
    {
        var model = subject.Model;
        Generated = subject.Concepts.Select(c => SupportSets.Generate(model, c.Name, c.ClassId, options.GeneratedPerClass, options.Seed, subject.Sampling)).ToList();
        Tokens = cat(Generated.Select(s => s.Tokens).ToList(), 0);
        Labels = cat(Generated.Select((s, concept) => TensorMath.Repeated(s.Count, concept, model.Device)).ToList(), 0);
        using var classIds = tensor(subject.Concepts.Select(c => (long)c.ClassId).ToArray(), device: model.Device);
        Classes = classIds.index_select(0, Labels);
        using (no_grad()) Embeddings = model.Embed(Tokens);
        if (subject.World is null) return;
        var unbiased = new Renderer(subject.World.World.Unbiased);
        Encoded = ClassTable.All.Select(c => SupportSets.Encode(model, unbiased, c, options.EncodedPerClass, options.Seed + 101)).ToList();
        EncodedTokens = cat(Encoded.Select(s => s.Tokens).ToList(), 0);
        EncodedLabels = cat(Encoded.Select(s => TensorMath.Repeated(s.Count, s.ClassId, model.Device)).ToList(), 0);
        EncodedTruth = Encoded.SelectMany(s => s.GroundTruth!).ToList();
    }

    public IReadOnlyList<SupportSet> Generated { get; }
    /// <summary>[N, H, W] every generated grid, concept by concept.</summary>
    public Tensor Tokens { get; }
    /// <summary>[N] each grid's concept index (the extractors' class).</summary>
    public Tensor Labels { get; }
    /// <summary>[N] each grid's class id (the prior's and the evaluators' class).</summary>
    public Tensor Classes { get; }
    /// <summary>[N, D, H, W]</summary>
    public Tensor Embeddings { get; }
    public IReadOnlyList<SupportSet> Encoded { get; } = [];
    public Tensor? EncodedTokens { get; }
    public Tensor? EncodedLabels { get; }
    public IReadOnlyList<RenderedImage> EncodedTruth { get; } = [];

    public void Dispose()
    {
        foreach (var set in Generated.Concat(Encoded)) set.Dispose();
        Tokens.Dispose();
        Labels.Dispose();
        Classes.Dispose();
        Embeddings.Dispose();
        EncodedTokens?.Dispose();
        EncodedLabels?.Dispose();
    }
}
