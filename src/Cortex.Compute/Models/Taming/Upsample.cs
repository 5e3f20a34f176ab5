using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>Doubles the resolution: nearest-neighbour interpolation, then a 3×3 convolution.</summary>
public sealed class Upsample : Module<Tensor, Tensor>
{
    readonly Conv2d conv;

    public Upsample(long channels) : base(nameof(Upsample))
    {
        conv = Conv2d(channels, channels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var doubled = functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        return conv.call(doubled).MoveToOuterDisposeScope();
    }
}
