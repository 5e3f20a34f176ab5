namespace Cortex.Compute.Imaging;

/// <summary>Square crops of CHW images, for showing a token's cell with its neighbours.</summary>
public static class Crops
{
    /// <summary>The <paramref name="width"/>-pixel square at (<paramref name="left"/>, <paramref name="top"/>) of a CHW image of <paramref name="size"/> pixels, moved inside the image where it would stick out.</summary>
    public static float[] Square(float[] chw, int size, int left, int top, int width)
    {
        if (width < 1 || width > size) throw new ArgumentOutOfRangeException(nameof(width), width, $"A crop is 1..{size} pixels wide.");
        left = Math.Clamp(left, 0, size - width);
        top = Math.Clamp(top, 0, size - width);
        var crop = new float[3 * width * width];
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < width; y++)
            Array.Copy(chw, c * size * size + (top + y) * size + left, crop, c * width * width + y * width, width);
        return crop;
    }

    /// <summary>The crop of a grid cell and its <paramref name="context"/> cells on every side.</summary>
    public static float[] Cell(float[] chw, int size, int gridSize, int position, int context)
    {
        var cell = size / gridSize;
        var width = Math.Min(size, (2 * context + 1) * cell);
        return Square(chw, size, (position % gridSize - context) * cell, (position / gridSize - context) * cell, width);
    }
}
