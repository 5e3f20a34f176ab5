using Cortex.Compute.Models;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>
/// Class-conditional autoregressive transformer over a raster-ordered token grid. Position 0 holds
/// the class embedding; position t+1 holds token t, and the output at position t predicts token t.
/// One extra class, <see cref="PriorConfig.NullClass"/>, is trained in place of the real one on a
/// share of sequences, so that sampling can use classifier-free guidance.
/// </summary>
public sealed class TokenPrior : Module<Tensor, Tensor, Tensor>, ITokenPrior
{
    readonly Embedding class_embedding;
    readonly Embedding token_embedding;
    readonly Parameter position_embedding; // [L, d]
    readonly ModuleList<TransformerBlock> blocks;
    readonly LayerNorm ln_final;
    readonly Linear head;

    public TokenPrior(PriorConfig config) : base(nameof(TokenPrior))
    {
        Config = config;
        class_embedding = Embedding(config.Classes + 1, config.Dim);
        token_embedding = Embedding(config.CodebookSize, config.Dim);
        position_embedding = Parameter(randn(config.SequenceLength, config.Dim).Times(0.02));
        blocks = new ModuleList<TransformerBlock>();
        for (var i = 0; i < config.Layers; i++) blocks.Add(new TransformerBlock(config.Dim, config.Heads));
        ln_final = LayerNorm(config.Dim);
        head = Linear(config.Dim, config.CodebookSize, hasBias: false);
        RegisterComponents();
    }

    public PriorConfig Config { get; }

    public int Classes => Config.Classes;

    /// <summary>Next-token logits [B, L, K] for class ids [B] and token sequences [B, L] (teacher forcing).</summary>
    public override Tensor forward(Tensor classIds, Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var length = tokens.shape[1];
        var inputs = cat([class_embedding.call(classIds).unsqueeze(1), token_embedding.call(tokens[.., ..(int)(length - 1)])], 1);
        var x = inputs.Plus(position_embedding[..(int)length]);
        foreach (var block in blocks) x = block.call(x);
        return head.call(ln_final.call(x)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Samples token grids [B, H, W] for class ids [B], one position at a time with a key/value
    /// cache. With guidance g ≠ 1 the batch runs twice, with its classes and with the null class, and
    /// the logits are u + g·(c − u); then temperature, then top-k.
    /// </summary>
    public Tensor Sample(Tensor classIds, PriorSampling sampling, Generator generator)
    {
        sampling.Validate(Config.CodebookSize);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = classIds.shape[0];
        var guided = sampling.Guidance != 1.0;
        var conditions = guided ? cat([classIds, TensorMath.Repeated(batch, Config.NullClass, classIds.device)], 0) : classIds;
        var caches = blocks.Select(_ => new LayerCache()).ToList();
        try
        {
            var next = class_embedding.call(conditions).unsqueeze(1);
            var tokens = new List<Tensor>();
            for (var t = 0; t < Config.SequenceLength; t++)
            {
                using var step = NewDisposeScope();
                var x = next.Plus(position_embedding[t]);
                for (var i = 0; i < blocks.Count; i++) x = blocks[i].Step(x, caches[i]);
                var logits = head.call(ln_final.call(x)).squeeze(1);
                if (guided)
                {
                    var (conditional, unconditional) = (logits[..(int)batch], logits[(int)batch..]);
                    logits = unconditional.Plus(conditional - unconditional, sampling.Guidance);
                }
                logits = logits.Over(sampling.Temperature);
                if (sampling.TopK > 0)
                {
                    var threshold = logits.topk(sampling.TopK).values[.., ^1..];
                    logits = logits.MaskedFill(logits < threshold, double.NegativeInfinity);
                }
                var token = DeviceRandom.Multinomial(functional.softmax(logits, 1), 1, generator);
                next = token_embedding.call(guided ? cat([token, token], 0) : token).MoveToOuterDisposeScope();
                tokens.Add(token.MoveToOuterDisposeScope());
            }
            return cat(tokens, 1).reshape(batch, Config.GridSize, Config.GridSize).MoveToOuterDisposeScope();
        }
        finally
        {
            foreach (var cache in caches) cache.Dispose();
        }
    }
}
