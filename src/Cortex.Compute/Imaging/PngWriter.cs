using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cortex.Compute.Imaging;

/// <summary>Encodes CHW images with values in [-1, 1] as PNG.</summary>
public static class PngWriter
{
    /// <summary>The integer factor that scales a side of <paramref name="size"/> up to about <paramref name="pixels"/> (never down).</summary>
    public static int ScaleToReach(int size, int pixels) => Math.Max(1, pixels / size);

    /// <summary>PNG bytes of one CHW image in [-1, 1], scaled up by an integer factor (nearest neighbour).</summary>
    public static byte[] Encode(ReadOnlySpan<float> chw, int size, int scale = 1) => EncodeGrid([chw.ToArray()], size, 1, scale);

    /// <summary>PNG bytes of several CHW images laid out in rows of <paramref name="columns"/>, <paramref name="gap"/> px apart.</summary>
    public static byte[] EncodeGrid(IReadOnlyList<float[]> images, int size, int columns, int scale = 1, int gap = 1)
    {
        var rows = (images.Count + columns - 1) / columns;
        var cell = size * scale + gap;
        using var image = new Image<Rgb24>(Math.Max(1, columns * cell - gap), Math.Max(1, rows * cell - gap), new Rgb24(255, 255, 255));
        var plane = size * size;
        for (var n = 0; n < images.Count; n++)
        {
            int originX = n % columns * cell, originY = n / columns * cell;
            var chw = images[n];
            for (var y = 0; y < size * scale; y++)
            for (var x = 0; x < size * scale; x++)
            {
                var i = y / scale * size + x / scale;
                image[originX + x, originY + y] = new Rgb24(ToByte(chw[i]), ToByte(chw[plane + i]), ToByte(chw[2 * plane + i]));
            }
        }
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    internal static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round((value + 1f) * 127.5f), 0, 255);
}
