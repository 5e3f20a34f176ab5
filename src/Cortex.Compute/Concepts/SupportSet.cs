using Cortex.Compute.Models;
using Cortex.Compute.World;

namespace Cortex.Compute.Concepts;

/// <summary>Where a support set's images come from.</summary>
public enum SupportSource
{
    /// <summary>Sampled from the model's prior for the concept's class (the paper's setting).</summary>
    Generated,
    /// <summary>Rendered "real" images, encoded with the tokenizer (the reviewers' request); carries ground truth.</summary>
    Encoded,
    /// <summary>Images a person supplied, encoded with the tokenizer; no ground truth.</summary>
    Uploaded,
}

/// <summary>
/// A concept's examples: token grids [N, H, W] on the model's device, with the rendered ground truth
/// of each image when the set was encoded from the world (null for generated and uploaded sets).
/// </summary>
public sealed class SupportSet(string concept, int classId, SupportSource source, Tensor tokens, IReadOnlyList<RenderedImage>? groundTruth) : IDisposable
{
    public string Concept { get; } = concept;
    public int ClassId { get; } = classId;
    public SupportSource Source { get; } = source;
    public Tensor Tokens { get; } = tokens;
    public IReadOnlyList<RenderedImage>? GroundTruth { get; } = groundTruth;
    public int Count => (int)Tokens.shape[0];

    /// <summary>Embedding grids e = C[z], [N, D, H, W].</summary>
    public Tensor Embeddings(IVqModel model) => model.Embed(Tokens);

    public void Dispose() => Tokens.Dispose();
}
