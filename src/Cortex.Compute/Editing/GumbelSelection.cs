using static TorchSharp.torch.nn;

namespace Cortex.Compute.Editing;

/// <summary>
/// The token-selection part of a codebook-level step: Y = hard(softmax((P + Gumbel)/τ)) with the
/// straight-through estimator (forward: one-hot of the argmax; backward: the softmax's gradient),
/// then the embedding lookup Y·C. Image i's noise comes from generator i.
/// </summary>
public static class GumbelSelection
{
    /// <param name="logits">P, [B, rows, K]</param>
    /// <param name="codebook">C, [K, D]</param>
    /// <returns>The selected embeddings [B, rows, D] and token ids [B, rows].</returns>
    /// <param name="generators">one per image of the batch</param>
    public static (Tensor Embeddings, Tensor Tokens) Sample(Tensor logits, Tensor codebook, double temperature, IReadOnlyList<Generator> generators)
    {
        var gumbel = -(-PerImage.Draw(generators, logits.shape[1..], logits.device, DeviceRandom.Uniform).Clamp(1e-10, 1).log()).log();
        var soft = functional.softmax(logits.Plus(gumbel).Over(temperature), -1);
        var chosen = soft.argmax(-1);
        var hard = functional.one_hot(chosen, codebook.shape[0]).to(soft.dtype);
        return ((hard - soft.detach()).Plus(soft).matmul(codebook), chosen);
    }
}
