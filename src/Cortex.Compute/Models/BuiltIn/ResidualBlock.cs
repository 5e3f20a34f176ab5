using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>x + conv1x1(relu(conv3x3(relu(x)))), the VQ-VAE residual block.</summary>
public sealed class ResidualBlock : Module<Tensor, Tensor>
{
    readonly Conv2d conv3;
    readonly Conv2d conv1;

    public ResidualBlock(int channels) : base(nameof(ResidualBlock))
    {
        conv3 = Conv2d(channels, channels / 2, 3, padding: 1);
        conv1 = Conv2d(channels / 2, channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        x.Plus(conv1.call(functional.relu(conv3.call(functional.relu(x)))));
}
