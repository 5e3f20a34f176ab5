using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>Embedding grid [B, D, S/4, S/4] → image [B, 3, S, S] in [-1, 1].</summary>
public sealed class VqDecoder : Module<Tensor, Tensor>
{
    readonly Sequential layers;

    public VqDecoder(TokenizerConfig config) : base(nameof(VqDecoder))
    {
        var h = config.Hidden;
        var modules = new List<Module<Tensor, Tensor>> { Conv2d(config.EmbeddingDim, h, 3, padding: 1) };
        for (var i = 0; i < config.ResidualBlocks; i++) modules.Add(new ResidualBlock(h));
        modules.Add(ReLU());
        modules.Add(ConvTranspose2d(h, h / 2, 4, stride: 2, padding: 1));
        modules.Add(ReLU());
        modules.Add(ConvTranspose2d(h / 2, 3, 4, stride: 2, padding: 1));
        modules.Add(Tanh());
        layers = Sequential(modules);
        RegisterComponents();
    }

    public override Tensor forward(Tensor embedding) => layers.call(embedding);
}
