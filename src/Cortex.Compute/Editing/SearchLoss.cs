namespace Cortex.Compute.Editing;

/// <summary>
/// The codebook-level loss of a batch: Σ_b −f_target(e_b) (+ λ·Σ_b mean(e_b²)). A sum, not a mean,
/// over the images, so that each image's gradient is the one its search alone would get.
/// </summary>
static class SearchLoss
{
    /// <param name="logits">the extractor's logits [B, classes]</param>
    /// <param name="grid">the embeddings it saw [B, D, H, W]</param>
    public static Tensor Of(Tensor logits, Tensor grid, int target, double embeddingPenalty)
    {
        var loss = -logits[.., target].sum();
        return embeddingPenalty > 0 ? loss.Plus(grid.Pow(2).mean([1, 2, 3]).sum(), embeddingPenalty) : loss;
    }
}
