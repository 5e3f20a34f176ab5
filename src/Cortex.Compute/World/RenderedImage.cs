namespace Cortex.Compute.World;

/// <summary>
/// One rendered image with its ground truth. Pixels are CHW in [-1, 1]; masks are row-major S×S and
/// cover exactly the pixels drawn for that part.
/// </summary>
public sealed class RenderedImage(int size, float[] pixels, int classId, Background background,
    bool[] objectMask, bool[] markingMask, IReadOnlyList<bool[]> distractorMasks)
{
    public int Size { get; } = size;
    public float[] Pixels { get; } = pixels;
    public int ClassId { get; } = classId;
    public Background Background { get; } = background;

    /// <summary>The main object's pixels, marking included.</summary>
    public bool[] ObjectMask { get; } = objectMask;

    /// <summary>The marking's pixels (empty for coarse classes).</summary>
    public bool[] MarkingMask { get; } = markingMask;

    public IReadOnlyList<bool[]> DistractorMasks { get; } = distractorMasks;
}
