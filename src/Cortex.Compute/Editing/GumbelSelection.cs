using static TorchSharp.torch.nn;

namespace Cortex.Compute.Editing;

/// <summary>
/// The token-selection part of a codebook-level step: Y = hard(softmax((P + Gumbel)/τ)) with the
/// straight-through estimator (forward: one-hot of the argmax; backward: the softmax's gradient),
/// then the embedding lookup Y·C.
/// </summary>
public static class GumbelSelection
{
    /// <param name="logits">P, [B, rows, K]</param>
    /// <param name="codebook">C, [K, D]</param>
    /// <returns>The selected embeddings [B, rows, D] and token ids [B, rows].</returns>
    public static (Tensor Embeddings, Tensor Tokens) Sample(Tensor logits, Tensor codebook, double temperature, Generator generator)
    {
        var gumbel = -(-DeviceRandom.Uniform(logits.shape, generator, logits.device).Clamp(1e-10, 1).log()).log();
        var soft = functional.softmax(logits.Plus(gumbel).Over(temperature), -1);
        var chosen = soft.argmax(-1);
        var hard = functional.one_hot(chosen, codebook.shape[0]).to(soft.dtype);
        return ((hard - soft.detach()).Plus(soft).matmul(codebook), chosen);
    }
}
