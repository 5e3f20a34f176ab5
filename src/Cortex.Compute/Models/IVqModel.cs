namespace Cortex.Compute.Models;

/// <summary>
/// A vector-quantized generative model as every CORTEX method sees it: image ↔ token grid, the
/// codebook C (K×D), and optionally a class-conditional prior. No method may assume one model's sizes.
/// </summary>
public interface IVqModel
{
    string Name { get; }

    /// <summary>Image side in pixels; images are [B, 3, S, S] with values in [-1, 1].</summary>
    int ImageSize { get; }

    /// <summary>Token grid side H = W.</summary>
    int GridSize { get; }

    int CodebookSize { get; }

    int EmbeddingDim { get; }

    Device Device { get; }

    /// <summary>The codebook C, [K, D].</summary>
    Tensor Codebook { get; }

    /// <summary>Token grids [B, H, W] of images (encoder + nearest-codebook quantizer).</summary>
    Tensor Encode(Tensor images);

    /// <summary>Embedding grids e = C[z], [B, D, H, W].</summary>
    Tensor Embed(Tensor tokens);

    /// <summary>Images of embedding grids [B, D, H, W] (need not lie on the codebook).</summary>
    Tensor DecodeEmbedding(Tensor embeddings);

    /// <summary>Images of token grids.</summary>
    Tensor Decode(Tensor tokens);

    /// <summary>The class-conditional prior, when the model has one.</summary>
    ITokenPrior? Prior { get; }
}

/// <summary>A prior that samples token grids for a class.</summary>
public interface ITokenPrior
{
    int Classes { get; }

    /// <summary>Token grids [B, H, W] for class ids [B].</summary>
    Tensor Sample(Tensor classIds, PriorSampling sampling, Generator generator);
}

/// <summary>An independent pixel classifier that judges images; never an extractor.</summary>
public interface IEvaluator
{
    string Name { get; }

    /// <summary>Class logits [B, L] of images [B, 3, S, S] in [-1, 1].</summary>
    Tensor Logits(Tensor images);
}
