using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>
/// Pixel judge #2: an MLP-Mixer over 4×4 patches, a different inductive bias from the CNN judge
/// (global token mixing instead of local convolution). Images [B, 3, S, S] → logits [B, L].
/// </summary>
public sealed class MixerEvaluator : Module<Tensor, Tensor>
{
    const int Patch = 4;
    readonly Conv2d patchify;
    readonly ModuleList<MixerBlock> blocks;
    readonly LayerNorm norm;
    readonly Linear classifier;

    public MixerEvaluator(int classes, int imageSize, int dim = 96, int depth = 4) : base(nameof(MixerEvaluator))
    {
        var patches = imageSize / Patch * (imageSize / Patch);
        patchify = Conv2d(3, dim, Patch, stride: Patch);
        blocks = new ModuleList<MixerBlock>();
        for (var i = 0; i < depth; i++) blocks.Add(new MixerBlock(patches, dim));
        norm = LayerNorm(dim);
        classifier = Linear(dim, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = patchify.call(images).flatten(2).transpose(1, 2); // [B, P, dim]
        foreach (var block in blocks) x = block.call(x);
        return classifier.call(norm.call(x).mean([1])).MoveToOuterDisposeScope();
    }

    sealed class MixerBlock : Module<Tensor, Tensor>
    {
        readonly LayerNorm token_norm;
        readonly Sequential token_mlp;
        readonly LayerNorm channel_norm;
        readonly Sequential channel_mlp;

        public MixerBlock(int patches, int dim) : base(nameof(MixerBlock))
        {
            token_norm = LayerNorm(dim);
            token_mlp = Sequential(Linear(patches, 2 * patches), GELU(), Linear(2 * patches, patches));
            channel_norm = LayerNorm(dim);
            channel_mlp = Sequential(Linear(dim, 2 * dim), GELU(), Linear(2 * dim, dim));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var mixed = x.Plus(token_mlp.call(token_norm.call(x).transpose(1, 2)).transpose(1, 2));
            return mixed.Plus(channel_mlp.call(channel_norm.call(mixed))).MoveToOuterDisposeScope();
        }
    }
}
