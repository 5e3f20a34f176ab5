using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// Halves the resolution with a stride-2 3×3 convolution after zero-padding only the right and bottom
/// edges (diffusionmodules/model.py:56-75): symmetric padding would shift every output by half a pixel.
/// </summary>
public sealed class Downsample : Module<Tensor, Tensor>
{
    readonly Conv2d conv;

    public Downsample(long channels) : base(nameof(Downsample))
    {
        conv = Conv2d(channels, channels, kernel_size: 3, stride: 2); // no padding: forward pads asymmetrically
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return conv.call(functional.pad(x, [0, 1, 0, 1])).MoveToOuterDisposeScope();
    }
}
