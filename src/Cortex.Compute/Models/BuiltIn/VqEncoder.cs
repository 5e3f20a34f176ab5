using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>Image [B, 3, S, S] in [-1, 1] → continuous latents [B, D, S/4, S/4].</summary>
public sealed class VqEncoder : Module<Tensor, Tensor>
{
    readonly Sequential layers;

    public VqEncoder(TokenizerConfig config) : base(nameof(VqEncoder))
    {
        var h = config.Hidden;
        var modules = new List<Module<Tensor, Tensor>>
        {
            Conv2d(3, h / 2, 4, stride: 2, padding: 1), ReLU(),
            Conv2d(h / 2, h, 4, stride: 2, padding: 1),
        };
        for (var i = 0; i < config.ResidualBlocks; i++) modules.Add(new ResidualBlock(h));
        modules.Add(ReLU());
        modules.Add(Conv2d(h, config.EmbeddingDim, 1));
        layers = Sequential(modules);
        RegisterComponents();
    }

    public override Tensor forward(Tensor image) => layers.call(image);
}
