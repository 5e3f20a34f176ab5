using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cortex.Compute.Imaging;

/// <summary>
/// A minimal line chart as PNG: axes from (0, 0) to (1, yMax), light grid lines at tenths, one
/// coloured polyline per series. Labels live in the report's text, not in the picture.
/// </summary>
public static class LinePlot
{
    public static readonly Rgb24[] Palette =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189), new(127, 127, 127), new(23, 190, 207),
    ];

    public static byte[] Render(IReadOnlyList<(double[] X, double[] Y)> series, double yMax, int width = 480, int height = 320)
    {
        const int margin = 24;
        using var image = new Image<Rgb24>(width, height, new Rgb24(255, 255, 255));
        int plotWidth = width - 2 * margin, plotHeight = height - 2 * margin;
        (int X, int Y) ToPixel(double x, double y) =>
            (margin + (int)Math.Round(x * plotWidth), height - margin - (int)Math.Round(Math.Clamp(y / yMax, 0, 1) * plotHeight));

        for (var tick = 0; tick <= 10; tick++)
        {
            var (gx, _) = ToPixel(tick / 10.0, 0);
            var (_, gy) = ToPixel(0, yMax * tick / 10.0);
            Line(image, gx, margin, gx, height - margin, new Rgb24(230, 230, 230));
            Line(image, margin, gy, width - margin, gy, new Rgb24(230, 230, 230));
        }
        Line(image, margin, height - margin, width - margin, height - margin, new Rgb24(0, 0, 0));
        Line(image, margin, margin, margin, height - margin, new Rgb24(0, 0, 0));

        for (var s = 0; s < series.Count; s++)
        {
            var colour = Palette[s % Palette.Length];
            var (xs, ys) = series[s];
            for (var i = 1; i < xs.Length; i++)
            {
                var (x0, y0) = ToPixel(xs[i - 1], ys[i - 1]);
                var (x1, y1) = ToPixel(xs[i], ys[i]);
                Line(image, x0, y0, x1, y1, colour, thickness: 2);
            }
        }
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    /// <summary>Bresenham's line, thickened by stamping a small square.</summary>
    static void Line(Image<Rgb24> image, int x0, int y0, int x1, int y1, Rgb24 colour, int thickness = 1)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
        while (true)
        {
            for (var ox = 0; ox < thickness; ox++)
            for (var oy = 0; oy < thickness; oy++)
            {
                int px = x0 + ox, py = y0 + oy;
                if (px >= 0 && py >= 0 && px < image.Width && py < image.Height) image[px, py] = colour;
            }
            if (x0 == x1 && y0 == y1) return;
            var doubled = 2 * error;
            if (doubled >= dy) { error += dy; x0 += sx; }
            if (doubled <= dx) { error += dx; y0 += sy; }
        }
    }
}
