using Cortex.Compute.Models.BuiltIn;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// taming's class-conditional Net2NetTransformer ("cin", models/cond_transformer.py): the class id is
/// the first token, looked up in the same embedding table as the image codes, and minGPT predicts
/// the raster-ordered token grid after it. Holds its first stage, as the checkpoint does.
/// </summary>
public sealed class CinTransformer : Module<Tensor, Tensor, Tensor>, ITokenPrior
{
    readonly Vqgan first_stage_model;
    readonly MinGpt transformer;

    public CinTransformer(VqganConfig firstStage, GptConfig gpt, int classes) : base(nameof(CinTransformer))
    {
        var grid = firstStage.Dd.LatentSize;
        if (gpt.VocabSize != firstStage.NEmbed)
            throw new ArgumentException($"the transformer's vocab_size {gpt.VocabSize} differs from the first stage's n_embed {firstStage.NEmbed}.");
        if (grid * grid > gpt.BlockSize)
            throw new ArgumentException($"the transformer's block_size {gpt.BlockSize} cannot hold the first stage's {grid}×{grid} token grid.");
        if (classes <= 0 || classes > gpt.VocabSize)
            throw new ArgumentException($"the class count {classes} must lie in 1..{gpt.VocabSize}: class ids are tokens of the same table.");
        first_stage_model = new Vqgan(firstStage);
        transformer = new MinGpt(gpt);
        Classes = classes;
        RegisterComponents();
    }

    public Vqgan FirstStage => first_stage_model;
    public MinGpt Gpt => transformer;

    public int Classes { get; }

    public int GridSize => first_stage_model.Config.Dd.LatentSize;

    /// <summary>Logits [B, h·w, vocab] for class ids [B] and token grids [B, h, w]; position i predicts token i (cond_transformer.py:80-104).</summary>
    public override Tensor forward(Tensor classIds, Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var sequence = cat([classIds.view(-1, 1), tokens.flatten(1)], 1);
        return transformer.call(sequence[.., ..^1]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Samples token grids [B, h, w] for class ids [B] as taming's sample_with_past does: one position at
    /// a time with a key/value cache, logits / temperature, then top-k. Top-1 is greedy decoding (argmax,
    /// no draw). taming's cin models have no null class, so guidance other than 1 is refused.
    /// </summary>
    public Tensor Sample(Tensor classIds, PriorSampling sampling, Generator generator)
    {
        sampling.Validate(transformer.Config.VocabSize);
        if (sampling.Guidance != 1.0)
            throw new ArgumentException($"guidance must be 1 for a taming cin transformer (it was trained without a null class), not {sampling.Guidance}.");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        if (classIds.numel() > 0 && (classIds.min().item<long>() < 0 || classIds.max().item<long>() >= Classes))
            throw new ArgumentException($"class ids must lie in 0..{Classes - 1}.");
        var caches = Enumerable.Range(0, transformer.Config.NLayer).Select(_ => new LayerCache()).ToList();
        try
        {
            var next = classIds.view(-1, 1);
            var tokens = new List<Tensor>();
            for (var t = 0; t < GridSize * GridSize; t++)
            {
                using var step = NewDisposeScope();
                var logits = transformer.Forward(next, t, caches)[.., -1].Over(sampling.Temperature);
                next = (sampling.TopK == 1 ? logits.argmax(1, keepdim: true) : Draw(logits, sampling.TopK, generator)).MoveToOuterDisposeScope();
                tokens.Add(next);
            }
            return cat(tokens, 1).view(-1, GridSize, GridSize).MoveToOuterDisposeScope();
        }
        finally
        {
            foreach (var cache in caches) cache.Dispose();
        }
    }

    /// <summary>One token [B, 1] per row of logits [B, V], keeping the top k when k > 0 (transformers' top_k_top_p_filtering).</summary>
    static Tensor Draw(Tensor logits, int topK, Generator generator)
    {
        if (topK > 0)
        {
            var threshold = logits.topk(topK).values[.., ^1..];
            logits = logits.MaskedFill(logits < threshold, double.NegativeInfinity);
        }
        return DeviceRandom.Multinomial(functional.softmax(logits, -1), 1, generator);
    }
}
