using Cortex.Compute.Models.BuiltIn;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Extractors;

/// <summary>
/// A ViT over the H·W grid positions: a 3×3 convolution embeds each position with its neighbours,
/// learned position embeddings are added, bidirectional blocks mix the positions, and the head reads
/// the mean of the normalized positions.
/// </summary>
/// <remarks>
/// A per-position linear embedding read by a CLS token learned slowly on the paper's ~1,000 training
/// grids — training accuracy itself stayed near validation (≈ 0.8) — because a marking spans a few
/// neighbouring cells that only attention could bring together. The convolution hands each token its
/// neighbourhood and the mean lets every position vote, as the CNN's global pooling does.
/// </remarks>
public sealed class TransformerExtractor : Module<Tensor, Tensor>
{
    readonly Conv2d embed;
    readonly Parameter positions;
    readonly ModuleList<TransformerBlock> blocks;
    readonly LayerNorm norm;
    readonly Linear head;

    public TransformerExtractor(int embeddingDim, int gridSize, int concepts, int width, int depth = 2, int heads = 4) : base(nameof(TransformerExtractor))
    {
        embed = Conv2d(embeddingDim, width, 3, padding: 1);
        positions = Parameter(randn(1, gridSize * gridSize, width).Times(0.02));
        blocks = new ModuleList<TransformerBlock>();
        for (var i = 0; i < depth; i++) blocks.Add(new TransformerBlock(width, heads, causal: false));
        norm = LayerNorm(width);
        head = Linear(width, concepts);
        RegisterComponents();
    }

    public override Tensor forward(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        var x = embed.call(embeddings).flatten(2).transpose(1, 2).Plus(positions); // [B, HW, width]
        foreach (var block in blocks) x = block.call(x);
        return head.call(norm.call(x).mean([1])).MoveToOuterDisposeScope();
    }
}
