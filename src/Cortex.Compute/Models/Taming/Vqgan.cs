using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// taming's VQModel at inference: encode = quantize(quant_conv(encoder(x))), decode = decoder(post_quant_conv(z_q))
/// (models/vqgan.py:55-64). Images are [B, 3, S, S] in [-1, 1].
/// </summary>
public sealed class Vqgan : Module<Tensor, Tensor>
{
    readonly Encoder encoder;
    readonly Decoder decoder;
    readonly VectorQuantizer2 quantize;
    readonly Conv2d quant_conv;
    readonly Conv2d post_quant_conv;

    public Vqgan(VqganConfig config) : base(nameof(Vqgan))
    {
        Config = config;
        encoder = new Encoder(config.Dd);
        decoder = new Decoder(config.Dd);
        quantize = new VectorQuantizer2(config.NEmbed, config.EmbedDim);
        quant_conv = Conv2d(config.Dd.ZChannels, config.EmbedDim, 1);
        post_quant_conv = Conv2d(config.EmbedDim, config.Dd.ZChannels, 1);
        RegisterComponents();
    }

    public VqganConfig Config { get; }

    public Encoder Encoder => encoder;
    public Decoder Decoder => decoder;
    public VectorQuantizer2 Quantizer => quantize;
    public Conv2d QuantConv => quant_conv;
    public Conv2d PostQuantConv => post_quant_conv;

    /// <summary>Pre-quantization latents [B, embed_dim, h, w].</summary>
    public Tensor Latents(Tensor images)
    {
        using var scope = NewDisposeScope();
        return quant_conv.call(encoder.call(images)).MoveToOuterDisposeScope();
    }

    /// <summary>Token grids [B, h, w] of images.</summary>
    public Tensor Encode(Tensor images)
    {
        using var scope = NewDisposeScope();
        return quantize.call(Latents(images)).MoveToOuterDisposeScope();
    }

    /// <summary>Images of embedding grids [B, embed_dim, h, w], on the codebook or not.</summary>
    public Tensor DecodeEmbedding(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        return decoder.call(post_quant_conv.call(embeddings)).MoveToOuterDisposeScope();
    }

    /// <summary>Images of token grids (taming's decode of get_codebook_entry, cond_transformer.py:184-191).</summary>
    public Tensor Decode(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        return DecodeEmbedding(quantize.Embed(tokens)).MoveToOuterDisposeScope();
    }

    /// <summary>Reconstruction through the token bottleneck.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return Decode(Encode(images)).MoveToOuterDisposeScope();
    }
}
