namespace Cortex.Compute.Models.BuiltIn;

/// <summary>Sizes of the built-in class-conditional prior over a raster-ordered token grid.</summary>
public sealed record PriorConfig
{
    public int CodebookSize { get; init; } = 512;
    public int Classes { get; init; } = 12;
    public int GridSize { get; init; } = 8;
    public int Dim { get; init; } = 128;
    public int Layers { get; init; } = 4;
    public int Heads { get; init; } = 4;

    public int SequenceLength => GridSize * GridSize;

    /// <summary>The class id that means "no class", for classifier-free guidance; its embedding is the table's last row.</summary>
    public int NullClass => Classes;
}
