using Cortex.Compute.Imaging;
using SkiaSharp;

namespace Cortex.Compute.Protocols;

/// <summary>
/// codebook.png: per pair a title, then one row per stage (sources, each method's best and final edits),
/// every image captioned with what each evaluator saw in it — its source- and target-class probability.
/// A source whose edit was confined to a region has the region's cells outlined.
/// </summary>
static class CodebookFigure
{
    const int MaxColumns = 8;
    const int LabelWidth = 120;
    const int Gap = 6;
    const float TextSize = 12;
    const float LineHeight = 15;

    public static byte[] Draw(IReadOnlyList<CodebookStage.PairFigure> pairs, int imageSize, int scale)
    {
        var tile = imageSize * scale;
        var evaluators = pairs.SelectMany(p => p.Rows).SelectMany(r => r.Images).FirstOrDefault()?.Probabilities.Keys.ToList() ?? [];
        var columns = Math.Clamp(pairs.SelectMany(p => p.Rows).Max(r => r.Images.Count), 1, MaxColumns);
        var cellWidth = Math.Max(tile, 132) + Gap;
        var rowHeight = tile + evaluators.Count * LineHeight + Gap;
        var rows = pairs.Sum(p => p.Rows.Count);
        const string legend = "Under each image, per evaluator: P(source class) / P(target class). Outlined on a source: the cells its edits may change.";
        var width = Math.Max(LabelWidth + columns * cellWidth, (int)(legend.Length * TextSize * 0.62) + 2 * Gap);
        var height = (int)(LineHeight * 2 + pairs.Count * (LineHeight + Gap) + rows * rowHeight + Gap);

        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
        using var font = new SKFont(typeface, TextSize);
        using var boldface = SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Bold) ?? SKTypeface.Default;
        using var bold = new SKFont(boldface, TextSize + 1);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var outline = new SKPaint { Color = SKColors.Magenta, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };

        var y = LineHeight;
        canvas.DrawText(legend, Gap, y, font, ink);
        y += LineHeight;
        foreach (var pair in pairs)
        {
            y += LineHeight;
            canvas.DrawText(pair.Title, Gap, y, bold, ink);
            y += Gap;
            foreach (var (label, images) in pair.Rows)
            {
                canvas.DrawText(label, Gap, y + tile / 2f, font, ink);
                for (var i = 0; i < Math.Min(columns, images.Count); i++)
                {
                    var x = LabelWidth + i * cellWidth;
                    using var bitmap = FigureGrid.Tile(images[i].Image, imageSize, scale);
                    canvas.DrawBitmap(bitmap, x, y);
                    if (label == CodebookStage.SourceRow && pair.Regions is { } regions) Outline(canvas, regions[i], x, y, tile, outline);
                    var line = y + tile;
                    foreach (var evaluator in evaluators)
                    {
                        line += LineHeight;
                        var (source, target) = images[i].Probabilities[evaluator];
                        canvas.DrawText($"{evaluator} {source:0.00} / {target:0.00}", x, line - 3, font, ink);
                    }
                }
                y += rowHeight;
            }
        }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    static void Outline(SKCanvas canvas, Editing.EditRegion region, float x, float y, int tile, SKPaint paint)
    {
        var cell = (float)tile / region.GridSize;
        foreach (var p in region.Positions)
            canvas.DrawRect(x + p % region.GridSize * cell + 0.5f, y + p / region.GridSize * cell + 0.5f, cell - 1, cell - 1, paint);
    }
}
