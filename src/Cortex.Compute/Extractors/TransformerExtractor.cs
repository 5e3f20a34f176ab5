using Cortex.Compute.Models.BuiltIn;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Extractors;

/// <summary>A ViT over the H·W grid positions: per-position linear embedding, a CLS token, bidirectional blocks, a head on CLS.</summary>
public sealed class TransformerExtractor : Module<Tensor, Tensor>
{
    readonly Linear embed;
    readonly Parameter cls;
    readonly Parameter positions;
    readonly ModuleList<TransformerBlock> blocks;
    readonly LayerNorm norm;
    readonly Linear head;

    public TransformerExtractor(int embeddingDim, int gridSize, int concepts, int width, int depth = 2, int heads = 4) : base(nameof(TransformerExtractor))
    {
        embed = Linear(embeddingDim, width);
        cls = Parameter(zeros(1, 1, width));
        positions = Parameter(randn(1, gridSize * gridSize + 1, width).Times(0.02));
        blocks = new ModuleList<TransformerBlock>();
        for (var i = 0; i < depth; i++) blocks.Add(new TransformerBlock(width, heads, causal: false));
        norm = LayerNorm(width);
        head = Linear(width, concepts);
        RegisterComponents();
    }

    public override Tensor forward(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        var tokens = embed.call(embeddings.flatten(2).transpose(1, 2)); // [B, HW, width]
        var x = cat([cls.expand(tokens.shape[0], -1, -1), tokens], 1).Plus(positions);
        foreach (var block in blocks) x = block.call(x);
        return head.call(norm.call(x[.., 0])).MoveToOuterDisposeScope();
    }
}
