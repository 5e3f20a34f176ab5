using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>
/// Nearest-codebook quantizer with an exponential-moving-average codebook (VQ-VAE-2 style) and
/// dead-code restarts. The codebook is a buffer, not a parameter: it learns from EMA statistics.
/// </summary>
public sealed class VectorQuantizer : Module<Tensor, Tensor>
{
    const double Epsilon = 1e-5;

    readonly Tensor embedding;   // [K, D]
    readonly Tensor cluster_size; // [K], EMA of assignments per entry
    readonly Tensor embed_sum;    // [K, D], EMA of assigned vectors
    readonly double _decay;

    public VectorQuantizer(int codebookSize, int dim, double decay) : base(nameof(VectorQuantizer))
    {
        embedding = randn(codebookSize, dim).Times(0.1);
        cluster_size = ones(codebookSize);
        embed_sum = embedding.clone();
        _decay = decay;
        RegisterComponents();
    }

    /// <summary>The codebook C, [K, D].</summary>
    public Tensor Codebook => embedding;

    public int Size => (int)embedding.shape[0];

    /// <summary>Token ids [B, H, W] of the nearest codebook entries to latents [B, D, H, W].</summary>
    public override Tensor forward(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var (b, d, h, w) = (latents.shape[0], latents.shape[1], latents.shape[2], latents.shape[3]);
        var flat = latents.permute(0, 2, 3, 1).reshape(-1, d);
        return NearestEntries(flat).reshape(b, h, w).MoveToOuterDisposeScope();
    }

    /// <summary>Row-wise argmin of squared distance from <paramref name="flat"/> [N, D] to the codebook.</summary>
    public Tensor NearestEntries(Tensor flat)
    {
        using var scope = NewDisposeScope();
        var distances = (flat.Pow(2).sum(1, keepdim: true) - flat.matmul(embedding.t()).Times(2)).Plus(embedding.Pow(2).sum(1));
        return distances.argmin(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Quantizes latents [B, D, H, W] for training: the nearest entries, and the straight-through
    /// grid z + (C[z] − z).detach(), whose forward value is C[z] and whose gradient flows to z unchanged.
    /// </summary>
    public (Tensor StraightThrough, Tensor Quantized, Tensor Indices) Quantize(Tensor latents)
    {
        var (b, d, h, w) = (latents.shape[0], latents.shape[1], latents.shape[2], latents.shape[3]);
        var indices = NearestEntries(latents.detach().permute(0, 2, 3, 1).reshape(-1, d)).reshape(b, h, w);
        var quantized = Embed(indices);
        return (latents.Plus((quantized - latents).detach()), quantized, indices);
    }

    /// <summary>Embedding grid [B, D, H, W] of token ids [B, H, W].</summary>
    public Tensor Embed(Tensor tokens) => embedding.index_select(0, tokens.flatten()).reshape(
        tokens.shape[0], tokens.shape[1], tokens.shape[2], embedding.shape[1]).permute(0, 3, 1, 2);

    /// <summary>Seeds the codebook with encoder outputs so that every entry starts where data lives.</summary>
    public void InitializeFrom(Tensor flat, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var picks = randint(flat.shape[0], [Size], generator: generator).to(flat.device);
        embedding.copy_(flat.index_select(0, picks));
        embed_sum.copy_(embedding);
        cluster_size.Fill_(1);
    }

    /// <summary>
    /// One EMA step from a batch of latents [N, D] and their assignments [N]; entries whose usage
    /// fell below <paramref name="deadThreshold"/> restart at random latents of the batch.
    /// Returns the number of restarted entries.
    /// </summary>
    public int UpdateEma(Tensor flat, Tensor assignments, double deadThreshold, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var k = Size;
        var counts = bincount(assignments, minlength: k).to(flat.dtype);
        var sums = zeros(k, flat.shape[1], device: flat.device).IndexAdd_(0, assignments, flat);
        cluster_size.Scale_(_decay).Accumulate_(counts, 1 - _decay);
        embed_sum.Scale_(_decay).Accumulate_(sums, 1 - _decay);
        var total = cluster_size.sum();
        var smoothed = cluster_size.Plus(Epsilon) / total.Plus(k * Epsilon) * total;
        embedding.copy_(embed_sum / smoothed.unsqueeze(1));

        var dead = cluster_size.Below(deadThreshold).nonzero().flatten();
        var restarted = (int)dead.shape[0];
        if (restarted > 0)
        {
            var picks = randint(flat.shape[0], [restarted], generator: generator).to(flat.device);
            var fresh = flat.index_select(0, picks);
            embedding.index_copy_(0, dead, fresh);
            embed_sum.index_copy_(0, dead, fresh);
            cluster_size.IndexFill_(0, dead, 1.0);
        }
        return restarted;
    }
}
