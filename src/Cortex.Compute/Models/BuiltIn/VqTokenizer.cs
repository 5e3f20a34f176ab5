using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>The built-in VQ tokenizer: encoder E, nearest-codebook quantizer with codebook C, decoder G.</summary>
public sealed class VqTokenizer : Module<Tensor, Tensor>
{
    readonly VqEncoder encoder;
    readonly VectorQuantizer quantizer;
    readonly VqDecoder decoder;

    public VqTokenizer(TokenizerConfig config) : base(nameof(VqTokenizer))
    {
        Config = config;
        encoder = new VqEncoder(config);
        quantizer = new VectorQuantizer(config.CodebookSize, config.EmbeddingDim, config.EmaDecay);
        decoder = new VqDecoder(config);
        RegisterComponents();
    }

    public TokenizerConfig Config { get; }

    public VqEncoder Encoder => encoder;
    public VectorQuantizer Quantizer => quantizer;
    public VqDecoder Decoder => decoder;

    /// <summary>Token grid [B, H, W] of images [B, 3, S, S].</summary>
    public Tensor Encode(Tensor images) => quantizer.call(encoder.call(images));

    /// <summary>Embedding grid e = C[z], [B, D, H, W].</summary>
    public Tensor Embed(Tensor tokens) => quantizer.Embed(tokens);

    public Tensor Decode(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        return decoder.call(Embed(tokens)).MoveToOuterDisposeScope();
    }

    public Tensor DecodeEmbedding(Tensor embedding) => decoder.call(embedding);

    /// <summary>Reconstruction through the token bottleneck.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return Decode(Encode(images)).MoveToOuterDisposeScope();
    }
}
