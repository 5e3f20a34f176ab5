using Cortex.Compute.Models.BuiltIn;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// minGPT's masked multi-head self-attention (transformer/mingpt.py:42-95) with separate key, query
/// and value projections. The causal mask is a persistent buffer of taming checkpoints, so it is one here too.
/// </summary>
public sealed class CausalSelfAttention : Module<Tensor, Tensor>
{
    readonly Linear key;
    readonly Linear query;
    readonly Linear value;
    readonly Linear proj;
    readonly Tensor mask; // [1, 1, block, block], lower-triangular ones
    readonly int _heads;

    public CausalSelfAttention(GptConfig config) : base(nameof(CausalSelfAttention))
    {
        key = Linear(config.NEmbd, config.NEmbd);
        query = Linear(config.NEmbd, config.NEmbd);
        value = Linear(config.NEmbd, config.NEmbd);
        proj = Linear(config.NEmbd, config.NEmbd);
        mask = tril(ones(config.BlockSize, config.BlockSize)).view(1, 1, config.BlockSize, config.BlockSize);
        _heads = config.NHead;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => Attend(x, 0, cache: null);

    /// <param name="x">[B, T, C], the positions <paramref name="past"/> .. past+T-1</param>
    /// <param name="past">how many earlier positions <paramref name="cache"/> holds</param>
    /// <param name="cache">keys and values of the earlier positions, extended in place</param>
    public Tensor Attend(Tensor x, int past, LayerCache? cache)
    {
        using var scope = NewDisposeScope();
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        Tensor Heads(Linear projection) => projection.call(x).view(b, t, _heads, c / _heads).transpose(1, 2); // [B, nh, T, hs]
        var (q, k, v) = (Heads(query), Heads(key), Heads(value));
        if (cache is not null) (k, v) = cache.Append(k, v);
        var span = past + (int)t;
        var scores = q.matmul(k.transpose(-2, -1)).Times(1.0 / Math.Sqrt(k.shape[^1]));
        // Rows past..span-1 of the mask: each new position sees every cached one and the new ones before it.
        scores = scores.MaskedFill(mask[.., .., past..span, ..span].Eq(0), double.NegativeInfinity);
        var attended = functional.softmax(scores, -1).matmul(v).transpose(1, 2).contiguous().view(b, t, c);
        return proj.call(attended).MoveToOuterDisposeScope();
    }
}
