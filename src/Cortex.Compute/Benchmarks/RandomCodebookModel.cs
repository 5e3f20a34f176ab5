using Cortex.Compute.Models;

namespace Cortex.Compute.Benchmarks;

/// <summary>
/// A stand-in VQGM of arbitrary sizes with a random codebook and no decoder, for speed tests at real
/// VQGAN sizes (16×16 grid, K = 16384, D = 256) where only the codebook takes part.
/// </summary>
public sealed class RandomCodebookModel(int gridSize, int codebookSize, int embeddingDim, Device device, int seed = 0) : IVqModel, IDisposable
{
    readonly Tensor _codebook = randn([codebookSize, embeddingDim], generator: new Generator((ulong)seed)).to(device);

    public string Name => $"random codebook {gridSize}×{gridSize}, K {codebookSize}, D {embeddingDim}";
    public int ImageSize => gridSize * 16;
    public int GridSize => gridSize;
    public int CodebookSize => codebookSize;
    public int EmbeddingDim => embeddingDim;
    public Device Device => device;
    public Tensor Codebook => _codebook;
    public ITokenPrior? Prior => null;

    public Tensor Encode(Tensor images) => throw new NotSupportedException("A random-codebook benchmark model has no encoder.");
    public Tensor Embed(Tensor tokens) => _codebook.index_select(0, tokens.flatten()).view(tokens.shape[0], gridSize, gridSize, embeddingDim).permute(0, 3, 1, 2);
    public Tensor DecodeEmbedding(Tensor embeddings) => throw new NotSupportedException("A random-codebook benchmark model has no decoder.");
    public Tensor Decode(Tensor tokens) => throw new NotSupportedException("A random-codebook benchmark model has no decoder.");

    public void Dispose() => _codebook.Dispose();
}
