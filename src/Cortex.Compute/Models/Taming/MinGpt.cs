using Cortex.Compute.Models.BuiltIn;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// taming's minGPT (transformer/mingpt.py:125-212): token plus learned position embeddings, pre-LN
/// blocks, ln_f and a bias-free head. Token ids [B, T] → next-token logits [B, T, vocab].
/// </summary>
public sealed class MinGpt : Module<Tensor, Tensor>
{
    readonly Embedding tok_emb;
    readonly Parameter pos_emb; // [1, block, C]
    readonly ModuleList<GptBlock> blocks = new();
    readonly LayerNorm ln_f;
    readonly Linear head;

    public MinGpt(GptConfig config) : base(nameof(MinGpt))
    {
        Config = config;
        tok_emb = Embedding(config.VocabSize, config.NEmbd);
        pos_emb = Parameter(zeros(1, config.BlockSize, config.NEmbd));
        for (var i = 0; i < config.NLayer; i++) blocks.Add(new GptBlock(config));
        ln_f = LayerNorm(config.NEmbd);
        head = Linear(config.NEmbd, config.VocabSize, hasBias: false);
        RegisterComponents();
    }

    public GptConfig Config { get; }

    public override Tensor forward(Tensor tokens) => Forward(tokens, 0, caches: null);

    /// <summary>
    /// Logits for tokens [B, T] at positions <paramref name="past"/> .. past+T-1; with caches (one per
    /// block) the earlier positions come from them and the new keys and values are appended.
    /// </summary>
    public Tensor Forward(Tensor tokens, int past, IReadOnlyList<LayerCache>? caches)
    {
        using var scope = NewDisposeScope();
        var length = (int)tokens.shape[1];
        if (past + length > Config.BlockSize)
            throw new ArgumentException($"positions up to {past + length} exceed the transformer's block size {Config.BlockSize}.");
        var x = tok_emb.call(tokens).Plus(pos_emb[.., past..(past + length)]);
        for (var i = 0; i < blocks.Count; i++) x = blocks[i].Step(x, past, caches?[i]);
        return head.call(ln_f.call(x)).MoveToOuterDisposeScope();
    }
}
