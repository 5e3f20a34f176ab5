using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// Single-head self-attention over the h·w positions of a feature map, with a residual connection
/// (diffusionmodules/model.py:140-192). The batched matrix products follow taming's order of operations.
/// </summary>
public sealed class AttnBlock : Module<Tensor, Tensor>
{
    readonly GroupNorm norm;
    readonly Conv2d q;
    readonly Conv2d k;
    readonly Conv2d v;
    readonly Conv2d proj_out;

    public AttnBlock(long channels) : base(nameof(AttnBlock))
    {
        norm = TamingLayers.Normalize(channels);
        q = Conv2d(channels, channels, 1);
        k = Conv2d(channels, channels, 1);
        v = Conv2d(channels, channels, 1);
        proj_out = Conv2d(channels, channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var normalized = norm.call(x);
        var queries = q.call(normalized).reshape(b, c, h * w).permute(0, 2, 1); // [B, hw, C]
        var keys = k.call(normalized).reshape(b, c, h * w);                     // [B, C, hw]
        var weights = functional.softmax(bmm(queries, keys).Times(Math.Pow(c, -0.5)), 2); // [B, hw_q, hw_k]
        var values = v.call(normalized).reshape(b, c, h * w);
        var attended = bmm(values, weights.permute(0, 2, 1)).reshape(b, c, h, w);
        return x.Plus(proj_out.call(attended)).MoveToOuterDisposeScope();
    }
}
