using Cortex.Imaging;
using SkiaSharp;

namespace Cortex.Compute.Imaging;

/// <summary>
/// A labelled grid of images for the report (SkiaSharp, which ScottPlot draws with): titles above the
/// columns, titles left of the rows, an optional caption under each image, and an optional colour bar
/// that says what an overlay's colours mean. Images are CHW in [-1, 1], scaled up without smoothing.
/// </summary>
public sealed record FigureGrid(int ImageSize, int Columns, int Scale)
{
    const float Pad = 6, FontSize = 13;

    public IReadOnlyList<string> ColumnTitles { get; init; } = [];
    public IReadOnlyList<string> RowTitles { get; init; } = [];
    /// <summary>Per image, lines of text under it (null or empty: none).</summary>
    public IReadOnlyList<string?> Captions { get; init; } = [];
    /// <summary>The meaning of an overlay's colours, drawn under the grid as a low-to-high bar of <see cref="Heatmap.Colormap"/>.</summary>
    public string? ColourBar { get; init; }

    public byte[] Png(IReadOnlyList<float[]> images)
    {
        if (images.Count == 0) throw new ArgumentException("A figure needs at least one image.");
        using var typeface = SKTypeface.FromFamilyName("DejaVu Sans");
        using var font = new SKFont(typeface, FontSize);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var rows = (images.Count + Columns - 1) / Columns;
        var tile = ImageSize * Scale;
        var captionLines = Enumerable.Range(0, rows).Select(r => Enumerable.Range(r * Columns, Columns).Max(i => Lines(i).Length)).ToArray();
        var line = FontSize + 3;
        var left = RowTitles.Count == 0 ? 0 : RowTitles.Max(t => font.MeasureText(t)) + 2 * Pad;
        var top = ColumnTitles.Count == 0 ? 0 : line + Pad;
        var rowTops = new float[rows];
        var y = top;
        for (var r = 0; r < rows; r++)
        {
            rowTops[r] = y;
            y += tile + captionLines[r] * line + Pad;
        }
        var barTop = y + Pad;
        var width = (int)Math.Ceiling(left + Columns * (tile + Pad));
        var height = (int)Math.Ceiling(ColourBar is null ? y : barTop + 14 + 2 * line + Pad);
        using var surface = SKSurface.Create(new SKImageInfo(Math.Max(width, ColourBar is null ? 0 : 360), height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        for (var c = 0; c < Math.Min(Columns, ColumnTitles.Count); c++)
            canvas.DrawText(ColumnTitles[c], left + c * (tile + Pad) + tile / 2f, line, SKTextAlign.Center, font, ink);
        for (var i = 0; i < images.Count; i++)
        {
            int r = i / Columns, c = i % Columns;
            var x = left + c * (tile + Pad);
            using var bitmap = Tile(images[i], ImageSize, Scale);
            canvas.DrawBitmap(bitmap, x, rowTops[r]);
            var lines = Lines(i);
            for (var l = 0; l < lines.Length; l++)
                canvas.DrawText(lines[l], x + tile / 2f, rowTops[r] + tile + (l + 1) * line, SKTextAlign.Center, font, ink);
        }
        for (var r = 0; r < Math.Min(rows, RowTitles.Count); r++)
            canvas.DrawText(RowTitles[r], left - Pad, rowTops[r] + tile / 2f + FontSize / 3, SKTextAlign.Right, font, ink);
        if (ColourBar is not null) DrawColourBar(canvas, font, ink, barTop, line);
        using var png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    string[] Lines(int index) =>
        index < Captions.Count && !string.IsNullOrEmpty(Captions[index]) ? Captions[index]!.Split('\n') : [];

    void DrawColourBar(SKCanvas canvas, SKFont font, SKPaint ink, float top, float line)
    {
        const int barWidth = 240, barHeight = 14;
        const float x = Pad;
        using var paint = new SKPaint();
        for (var i = 0; i < barWidth; i++)
        {
            var (r, g, b) = ColormapAnchors.Rgb(Heatmap.Colormap, i / (barWidth - 1.0));
            paint.Color = new SKColor(r, g, b);
            canvas.DrawRect(x + i, top, 1, barHeight, paint);
        }
        canvas.DrawText("low", x, top + barHeight + line, SKTextAlign.Left, font, ink);
        canvas.DrawText("high", x + barWidth, top + barHeight + line, SKTextAlign.Right, font, ink);
        canvas.DrawText(ColourBar!, x, top + barHeight + 2 * line, SKTextAlign.Left, font, ink);
    }

    /// <summary>A CHW image in [-1, 1] as a bitmap, each pixel scaled up to a <paramref name="scale"/>² block.</summary>
    internal static SKBitmap Tile(float[] chw, int size, int scale)
    {
        var side = size * scale;
        var plane = size * size;
        var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < side; y++)
        for (var x = 0; x < side; x++)
        {
            var i = y / scale * size + x / scale;
            bitmap.SetPixel(x, y, new SKColor(PngWriter.ToByte(chw[i]), PngWriter.ToByte(chw[plane + i]), PngWriter.ToByte(chw[2 * plane + i])));
        }
        return bitmap;
    }
}
