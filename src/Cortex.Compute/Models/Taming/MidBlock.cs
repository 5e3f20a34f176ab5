using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>The middle of the encoder and of the decoder: ResnetBlock, AttnBlock, ResnetBlock at constant width.</summary>
public sealed class MidBlock : Module<Tensor, Tensor>
{
    readonly ResnetBlock block_1;
    readonly AttnBlock attn_1;
    readonly ResnetBlock block_2;

    public MidBlock(long channels) : base(nameof(MidBlock))
    {
        block_1 = new ResnetBlock(channels, channels);
        attn_1 = new AttnBlock(channels);
        block_2 = new ResnetBlock(channels, channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return block_2.call(attn_1.call(block_1.call(x))).MoveToOuterDisposeScope();
    }
}
