namespace Cortex.Compute.Evaluation;

/// <summary>When a grid position counts as on the concept's region.</summary>
public enum LocalizationCriterion
{
    /// <summary>Its patch holds at least one pixel of the region (lenient).</summary>
    Touches,
    /// <summary>More than half its patch's pixels lie inside the region (strict).</summary>
    MostlyInside,
}

/// <summary>
/// Localization against the renderer's ground truth: the share of an image's top-k TIS positions that
/// are on the concept's region (the marking for fine-grained classes, else the object) under a
/// criterion, the same share expected of k random positions (exactly: on-target positions / all
/// positions), and the best share any k positions could reach (the ceiling: few on-target positions cap it).
/// </summary>
public static class Localization
{
    public static (double Precision, double RandomPrecision) Measure(IReadOnlyList<long[]> topPositions, IReadOnlyList<bool[]> targetMasks,
        int gridSize, int imageSize, LocalizationCriterion criterion = LocalizationCriterion.Touches)
    {
        if (topPositions.Count != targetMasks.Count || topPositions.Count == 0)
            throw new ArgumentException("Localization needs one ground-truth mask per image, and at least one image.");
        var onTarget = targetMasks.Select(m => OnTarget(m, gridSize, imageSize, criterion)).ToList();
        return (Precision(topPositions, onTarget).Average(), RandomPrecision(onTarget));
    }

    /// <summary>For each grid position, whether it is on a row-major S×S pixel mask under the criterion.</summary>
    public static bool[] OnTarget(bool[] pixelMask, int gridSize, int imageSize, LocalizationCriterion criterion)
    {
        if (pixelMask.Length != imageSize * imageSize)
            throw new ArgumentException($"A ground-truth mask of a {imageSize}×{imageSize} image has {imageSize * imageSize} pixels, not {pixelMask.Length}.");
        return Enumerable.Range(0, gridSize * gridSize).Select(p => criterion switch
        {
            LocalizationCriterion.Touches => GridPatches.Touches(pixelMask, p, gridSize, imageSize),
            LocalizationCriterion.MostlyInside => GridPatches.MostlyInside(pixelMask, p, gridSize, imageSize),
            _ => throw new ArgumentOutOfRangeException(nameof(criterion), criterion, null),
        }).ToArray();
    }

    /// <summary>Each image's share of its top positions that are on target.</summary>
    public static double[] Precision(IReadOnlyList<long[]> topPositions, IReadOnlyList<bool[]> onTarget) =>
        topPositions.Select((top, i) => top.Count(p => onTarget[i][p]) / (double)top.Length).ToArray();

    /// <summary>The expected precision of positions drawn at random: the mean share of on-target positions.</summary>
    public static double RandomPrecision(IReadOnlyList<bool[]> onTarget) => onTarget.Average(t => t.Count(on => on) / (double)t.Length);

    /// <summary>The best precision k positions can reach: min(k, on-target positions) / k, averaged over images.</summary>
    public static double Ceiling(IReadOnlyList<bool[]> onTarget, int k) => onTarget.Average(t => Math.Min(k, t.Count(on => on)) / (double)k);
}
