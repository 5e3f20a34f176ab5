using Cortex.Compute.World;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>The built-in VQGM (tokenizer + prior) with its two pixel evaluators and its card.</summary>
public sealed class BuiltInModel(ModelCard card, VqTokenizer tokenizer, TokenPrior prior,
    IReadOnlyList<(EvaluatorCard Card, Module<Tensor, Tensor> Module)> evaluators) : IVqModel, IDisposable
{
    public ModelCard Card { get; private set; } = card;
    public VqTokenizer Tokenizer { get; } = tokenizer;
    public TokenPrior Prior { get; } = prior;
    public IReadOnlyList<(EvaluatorCard Card, Module<Tensor, Tensor> Module)> Evaluators { get; } = evaluators;

    /// <summary>Where the model's weights live.</summary>
    public Device Device => Tokenizer.Quantizer.Codebook.device;

    public string Name => Card.Name;
    public int ImageSize => Card.World.ImageSize;
    public int GridSize => Card.Tokenizer.GridSize;
    public int CodebookSize => Card.Tokenizer.CodebookSize;
    public int EmbeddingDim => Card.Tokenizer.EmbeddingDim;
    public Tensor Codebook => Tokenizer.Quantizer.Codebook;
    public Tensor Encode(Tensor images) => Tokenizer.Encode(images);
    public Tensor Embed(Tensor tokens) => Tokenizer.Embed(tokens);
    public Tensor DecodeEmbedding(Tensor embeddings) => Tokenizer.DecodeEmbedding(embeddings);
    public Tensor Decode(Tensor tokens) => Tokenizer.Decode(tokens);
    ITokenPrior? IVqModel.Prior => Prior;

    /// <summary>The pixel judges as the evaluation protocols use them.</summary>
    public IReadOnlyList<IEvaluator> Judges => Evaluators.Select(e => (IEvaluator)new ModuleEvaluator(e.Card.Name, e.Module)).ToList();

    public WorldOptions World => new()
    {
        ImageSize = Card.World.ImageSize,
        ShortcutClass = Card.World.Shortcut.ClassId,
        ShortcutBackground = Enum.Parse<Background>(Card.World.Shortcut.Background, ignoreCase: true),
        ShortcutRate = Card.World.Shortcut.Rate,
    };

    /// <summary>Builds untrained modules of the sizes a card names.</summary>
    public static BuiltInModel Create(ModelCard card) => new(card,
        new VqTokenizer(card.Tokenizer),
        new TokenPrior(card.Prior),
        card.Evaluators.Select(e => (e, CreateEvaluator(e, card.World.ImageSize))).ToList());

    public static Module<Tensor, Tensor> CreateEvaluator(EvaluatorCard card, int imageSize) => card.Architecture switch
    {
        "cnn" => new CnnEvaluator(card.Classes),
        "mlp-mixer" => new MixerEvaluator(card.Classes, imageSize),
        _ => throw new InvalidDataException($"Unknown evaluator architecture '{card.Architecture}' (known: cnn, mlp-mixer)."),
    };

    public BuiltInModel WithQuality(QualityReport quality)
    {
        Card = Card with { Quality = quality };
        return this;
    }

    public void Eval()
    {
        Tokenizer.eval();
        Prior.eval();
        foreach (var (_, module) in Evaluators) module.eval();
    }

    /// <summary>
    /// For serving: no parameter takes gradients, so the input gradients of runs that share the model (TIS, codebook
    /// search) do not also accumulate into its weights.
    /// </summary>
    public void Freeze()
    {
        foreach (var module in new Module[] { Tokenizer, Prior }.Concat(Evaluators.Select(e => (Module)e.Module)))
            foreach (var parameter in module.parameters()) parameter.requires_grad = false;
    }

    public BuiltInModel To(Device device)
    {
        Tokenizer.to(device);
        Prior.to(device);
        foreach (var (_, module) in Evaluators) module.to(device);
        return this;
    }

    public void Dispose()
    {
        Tokenizer.Dispose();
        Prior.Dispose();
        foreach (var (_, module) in Evaluators) module.Dispose();
    }
}
