namespace Cortex.Compute.Models.Taming;

/// <summary>
/// A loaded taming VQGAN, with the class-conditional transformer when the checkpoint held one, as
/// every CORTEX method sees a VQGM. Images are [B, 3, S, S] in [-1, 1].
/// </summary>
public sealed class TamingModel : IVqModel, IDisposable
{
    TamingModel(string name, Vqgan vqgan, CinTransformer? transformer)
    {
        Name = name;
        Vqgan = vqgan;
        Transformer = transformer;
    }

    public static TamingModel FromVqgan(string name, Vqgan vqgan) => new(name, vqgan, null);

    public static TamingModel FromTransformer(string name, CinTransformer transformer) => new(name, transformer.FirstStage, transformer);

    public Vqgan Vqgan { get; }

    /// <summary>The cin transformer, or null for a checkpoint of a VQGAN alone.</summary>
    public CinTransformer? Transformer { get; }

    public string Name { get; }
    public int ImageSize => Vqgan.Config.Dd.Resolution;
    public int GridSize => Vqgan.Config.Dd.LatentSize;
    public int CodebookSize => Vqgan.Config.NEmbed;
    public int EmbeddingDim => Vqgan.Config.EmbedDim;
    public Device Device => Codebook.device;
    public Tensor Codebook => Vqgan.Quantizer.Codebook;
    public ITokenPrior? Prior => Transformer;

    public Tensor Encode(Tensor images) => Vqgan.Encode(images);
    public Tensor Embed(Tensor tokens) => Vqgan.Quantizer.Embed(tokens);
    public Tensor DecodeEmbedding(Tensor embeddings) => Vqgan.DecodeEmbedding(embeddings);
    public Tensor Decode(Tensor tokens) => Vqgan.Decode(tokens);

    public TamingModel To(Device device)
    {
        if (Transformer is null) Vqgan.to(device);
        else Transformer.to(device);
        return this;
    }

    public void Dispose()
    {
        if (Transformer is null) Vqgan.Dispose();
        else Transformer.Dispose();
    }
}
