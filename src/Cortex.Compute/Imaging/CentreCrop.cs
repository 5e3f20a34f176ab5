namespace Cortex.Compute.Imaging;

/// <summary>
/// Where an image of <c>width×height</c> is cut to a centred <c>size×size</c> square: first resized so
/// its shorter side is <c>size</c> (aspect kept), then the window at (X, Y) of the resized image.
/// </summary>
public readonly record struct CentreCrop(int ResizedWidth, int ResizedHeight, int X, int Y)
{
    public static CentreCrop Of(int width, int height, int size)
    {
        var scale = (double)size / Math.Min(width, height);
        var w = Math.Max(size, (int)Math.Round(width * scale));
        var h = Math.Max(size, (int)Math.Round(height * scale));
        return new CentreCrop(w, h, (w - size) / 2, (h - size) / 2);
    }
}
