namespace Cortex.Compute.Evaluation;

/// <summary>
/// Localization against the renderer's ground truth: the share of an image's top-k TIS positions
/// whose patch touches the concept's region (the marking for fine-grained classes, else the object),
/// and the same share expected of k random positions (exactly: on-target positions / all positions).
/// </summary>
public static class Localization
{
    public static (double Precision, double RandomPrecision) Measure(IReadOnlyList<long[]> topPositions, IReadOnlyList<bool[]> targetMasks,
        int gridSize, int imageSize)
    {
        if (topPositions.Count != targetMasks.Count || topPositions.Count == 0)
            throw new ArgumentException("Localization needs one ground-truth mask per image, and at least one image.");
        var cells = gridSize * gridSize;
        double precision = 0, random = 0;
        for (var i = 0; i < topPositions.Count; i++)
        {
            var onTarget = Enumerable.Range(0, cells).Select(p => GridPatches.Touches(targetMasks[i], p, gridSize, imageSize)).ToArray();
            precision += topPositions[i].Count(p => onTarget[p]) / (double)topPositions[i].Length;
            random += onTarget.Count(t => t) / (double)cells;
        }
        return (precision / topPositions.Count, random / topPositions.Count);
    }
}
