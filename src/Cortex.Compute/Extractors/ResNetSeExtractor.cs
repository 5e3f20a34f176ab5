using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Extractors;

/// <summary>A ResNet whose residual blocks carry squeeze-and-excitation channel gates.</summary>
public sealed class ResNetSeExtractor : Module<Tensor, Tensor>
{
    readonly Sequential stem;
    readonly ModuleList<SeResidualBlock> blocks;
    readonly Linear head;

    public ResNetSeExtractor(int embeddingDim, int concepts, int width, int depth = 3) : base(nameof(ResNetSeExtractor))
    {
        stem = Sequential(Conv2d(embeddingDim, width, 3, padding: 1), new SafeBatchNorm2d(width), ReLU());
        blocks = new ModuleList<SeResidualBlock>();
        for (var i = 0; i < depth; i++) blocks.Add(new SeResidualBlock(width));
        head = Linear(width, concepts);
        RegisterComponents();
    }

    public override Tensor forward(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        var x = stem.call(embeddings);
        foreach (var block in blocks) x = block.call(x);
        return head.call(x.mean([2, 3])).MoveToOuterDisposeScope();
    }

    sealed class SeResidualBlock : Module<Tensor, Tensor>
    {
        readonly Sequential body;
        readonly Sequential gate;

        public SeResidualBlock(int channels, int reduction = 4) : base(nameof(SeResidualBlock))
        {
            body = Sequential(
                Conv2d(channels, channels, 3, padding: 1), new SafeBatchNorm2d(channels), ReLU(),
                Conv2d(channels, channels, 3, padding: 1), new SafeBatchNorm2d(channels));
            gate = Sequential(AdaptiveAvgPool2d([1, 1]), Flatten(),
                Linear(channels, channels / reduction), ReLU(), Linear(channels / reduction, channels), Sigmoid());
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var y = body.call(x);
            var weights = gate.call(y).unsqueeze(-1).unsqueeze(-1);
            return functional.relu(x.Plus(y * weights)).MoveToOuterDisposeScope();
        }
    }
}
