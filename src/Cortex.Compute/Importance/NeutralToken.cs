namespace Cortex.Compute.Importance;

/// <summary>
/// The baseline of integrated gradients and the replacement of occlusion and token masking: the
/// codebook entry nearest to the codebook's mean — a real token, so that masking stays in token space.
/// </summary>
public static class NeutralToken
{
    public static (long Token, Tensor Embedding) Of(Tensor codebook)
    {
        using var scope = NewDisposeScope();
        var mean = codebook.mean([0], keepdim: true);
        var token = (codebook - mean).Pow(2).sum(1).argmin().item<long>();
        return (token, codebook[token].detach().clone().MoveToOuterDisposeScope());
    }
}
