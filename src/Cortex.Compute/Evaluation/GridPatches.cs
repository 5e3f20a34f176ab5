namespace Cortex.Compute.Evaluation;

/// <summary>Grid positions ↔ image patches: position p (row-major) decodes to the patch of side S/H at (p / H, p % H).</summary>
public static class GridPatches
{
    /// <summary>A [B, 1, S, S] mask that is true on the patches of each image's positions.</summary>
    public static Tensor PixelMask(IReadOnlyList<long[]> positions, int gridSize, int imageSize, Device device)
    {
        var patch = imageSize / gridSize;
        var cells = zeros([positions.Count, gridSize * gridSize], dtype: ScalarType.Bool);
        for (var i = 0; i < positions.Count; i++)
            foreach (var p in positions[i]) cells[i, p] = true;
        return cells.view(-1, 1, gridSize, gridSize).repeat_interleave(patch, 2).repeat_interleave(patch, 3).to(device);
    }

    /// <summary>Whether position p's patch holds at least one pixel of a row-major S×S mask.</summary>
    public static bool Touches(bool[] pixelMask, int position, int gridSize, int imageSize) => PixelsInside(pixelMask, position, gridSize, imageSize) > 0;

    /// <summary>Whether most of position p's patch (more than half its pixels) lies inside a row-major S×S mask.</summary>
    public static bool MostlyInside(bool[] pixelMask, int position, int gridSize, int imageSize)
    {
        var patch = imageSize / gridSize;
        return 2 * PixelsInside(pixelMask, position, gridSize, imageSize) > patch * patch;
    }

    /// <summary>How many pixels of position p's patch lie inside a row-major S×S mask.</summary>
    public static int PixelsInside(bool[] pixelMask, int position, int gridSize, int imageSize)
    {
        var patch = imageSize / gridSize;
        int top = position / gridSize * patch, left = position % gridSize * patch, inside = 0;
        for (var y = top; y < top + patch; y++)
        for (var x = left; x < left + patch; x++)
            if (pixelMask[y * imageSize + x]) inside++;
        return inside;
    }

    /// <summary>Row-major positions [B][n] from a [B, n] index tensor.</summary>
    public static IReadOnlyList<long[]> Rows(Tensor indices)
    {
        var flat = indices.cpu().contiguous().data<long>().ToArray();
        var n = (int)indices.shape[1];
        return Enumerable.Range(0, (int)indices.shape[0]).Select(i => flat[(i * n)..((i + 1) * n)]).ToList();
    }
}
