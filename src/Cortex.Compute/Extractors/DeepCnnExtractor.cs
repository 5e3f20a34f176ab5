using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Extractors;

/// <summary>
/// The reference's deeper VGG-like CNN (its ClassificationNet2), scaled to the grid: two stages of four
/// 3×3 conv + batch-norm + ReLU layers, each closed by 2×2 max pooling, two more conv layers, then a
/// fully connected head with dropout over the flattened H/4 × W/4 map. Unlike <see cref="CnnExtractor"/>
/// it keeps where on the grid a feature was, up to the pooled resolution, instead of averaging it away.
/// </summary>
public sealed class DeepCnnExtractor : Module<Tensor, Tensor>
{
    readonly Sequential features;
    readonly Sequential head;

    public DeepCnnExtractor(int embeddingDim, int gridSize, int concepts, int width) : base(nameof(DeepCnnExtractor))
    {
        if (gridSize < 4) throw new ArgumentException($"The deep CNN pools the grid twice by 2 and needs a grid of at least 4×4, not {gridSize}×{gridSize}.");
        var pooled = gridSize / 4;
        features = Sequential(
            ConvLayer(embeddingDim, width), ConvLayer(width, width), ConvLayer(width, width), ConvLayer(width, width), MaxPool2d(2),
            ConvLayer(width, 2 * width), ConvLayer(2 * width, 2 * width), ConvLayer(2 * width, 2 * width), ConvLayer(2 * width, 2 * width), MaxPool2d(2),
            ConvLayer(2 * width, 2 * width), ConvLayer(2 * width, 2 * width),
            Flatten());
        head = Sequential(
            Linear(2 * width * pooled * pooled, 4 * width), ReLU(), Dropout(0.5),
            Linear(4 * width, 2 * width), ReLU(),
            Linear(2 * width, concepts));
        RegisterComponents();
    }

    public override Tensor forward(Tensor embeddings) => head.call(features.call(embeddings));

    static Sequential ConvLayer(int input, int output) => Sequential(Conv2d(input, output, 3, padding: 1), new SafeBatchNorm2d(output), ReLU());
}
