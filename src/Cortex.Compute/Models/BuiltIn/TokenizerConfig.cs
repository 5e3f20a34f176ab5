namespace Cortex.Compute.Models.BuiltIn;

/// <summary>Sizes of the built-in VQ tokenizer. Downsampling is fixed at 4 (two stride-2 stages).</summary>
public sealed record TokenizerConfig
{
    public int ImageSize { get; init; } = 32;
    public int CodebookSize { get; init; } = 512;
    public int EmbeddingDim { get; init; } = 32;
    public int Hidden { get; init; } = 128;
    public int ResidualBlocks { get; init; } = 2;
    public double CommitmentCost { get; init; } = 0.25;
    public double EmaDecay { get; init; } = 0.99;

    public const int Downsampling = 4;
    public int GridSize => ImageSize / Downsampling;
}
