using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// Inference half of taming's VectorQuantizer2 (vqvae/quantize.py:213-329): nearest codebook entry
/// by squared distance, first minimum on ties. Training-only parts (loss, remap) are left out.
/// </summary>
public sealed class VectorQuantizer2 : Module<Tensor, Tensor>
{
    readonly Embedding embedding;

    public VectorQuantizer2(int entries, int dim) : base(nameof(VectorQuantizer2))
    {
        embedding = Embedding(entries, dim);
        RegisterComponents();
    }

    /// <summary>The codebook E, [K, D].</summary>
    public Tensor Codebook => embedding.weight!;

    /// <summary>Squared distances [N, K] of rows z [N, D], summed in taming's order so ties break the same way.</summary>
    public Tensor Distances(Tensor flat)
    {
        using var scope = NewDisposeScope();
        var e = Codebook;
        var d = flat.Pow(2).sum(1, keepdim: true).Plus(e.Pow(2).sum(1)) - flat.matmul(e.t()).Times(2);
        return d.MoveToOuterDisposeScope();
    }

    /// <summary>Latent rows [N, D] of latents [B, D, h, w], in taming's (b, h, w) row-major order.</summary>
    public static Tensor Rows(Tensor latents) => latents.permute(0, 2, 3, 1).reshape(-1, latents.shape[1]);

    /// <summary>Token grids [B, h, w] of latents [B, D, h, w].</summary>
    public override Tensor forward(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var (b, h, w) = (latents.shape[0], latents.shape[2], latents.shape[3]);
        return Distances(Rows(latents)).argmin(1).reshape(b, h, w).MoveToOuterDisposeScope();
    }

    /// <summary>get_codebook_entry: embedding grids [B, D, h, w] of token grids [B, h, w].</summary>
    public Tensor Embed(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var (b, h, w) = (tokens.shape[0], tokens.shape[1], tokens.shape[2]);
        return Codebook.index_select(0, tokens.flatten()).view(b, h, w, -1).permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
    }
}
