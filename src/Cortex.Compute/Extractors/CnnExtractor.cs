using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Extractors;

/// <summary>A VGG-like extractor: three 3×3 conv + batch-norm + ReLU stages at full grid resolution, global pooling, a linear head.</summary>
public sealed class CnnExtractor : Module<Tensor, Tensor>
{
    readonly Sequential features;
    readonly Linear head;

    public CnnExtractor(int embeddingDim, int concepts, int width) : base(nameof(CnnExtractor))
    {
        features = Sequential(
            Conv2d(embeddingDim, width, 3, padding: 1), new SafeBatchNorm2d(width), ReLU(),
            Conv2d(width, 2 * width, 3, padding: 1), new SafeBatchNorm2d(2 * width), ReLU(),
            Conv2d(2 * width, 2 * width, 3, padding: 1), new SafeBatchNorm2d(2 * width), ReLU(),
            AdaptiveAvgPool2d([1, 1]), Flatten());
        head = Linear(2 * width, concepts);
        RegisterComponents();
    }

    public override Tensor forward(Tensor embeddings) => head.call(features.call(embeddings));
}
