using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// conv2(swish(norm2(conv1(swish(norm1(x)))))) + shortcut(x); the 1×1 <c>nin_shortcut</c> exists only
/// when the channel count changes. Dropout is omitted: inference only, and taming's configs use 0.
/// </summary>
public sealed class ResnetBlock : Module<Tensor, Tensor>
{
    readonly GroupNorm norm1;
    readonly Conv2d conv1;
    readonly GroupNorm norm2;
    readonly Conv2d conv2;
    readonly Conv2d? nin_shortcut;

    public ResnetBlock(long inChannels, long outChannels) : base(nameof(ResnetBlock))
    {
        norm1 = TamingLayers.Normalize(inChannels);
        conv1 = Conv2d(inChannels, outChannels, 3, padding: 1);
        norm2 = TamingLayers.Normalize(outChannels);
        conv2 = Conv2d(outChannels, outChannels, 3, padding: 1);
        if (inChannels != outChannels) nin_shortcut = Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = conv1.call(TamingLayers.Swish(norm1.call(x)));
        h = conv2.call(TamingLayers.Swish(norm2.call(h)));
        var shortcut = nin_shortcut is null ? x : nin_shortcut.call(x);
        return shortcut.Plus(h).MoveToOuterDisposeScope();
    }
}
