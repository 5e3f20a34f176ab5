using Cortex.Compute.Evaluation;
using Cortex.Compute.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cortex.Compute.Tests.Imaging;

/// <summary>Report figures: ScottPlot line charts with every line drawn, and the colour map the dashboard shares.</summary>
public sealed class ChartTests
{
    [Fact]
    public void A_deletion_chart_is_a_png_that_draws_every_curve_in_its_own_colour()
    {
        var curves = new Dictionary<string, DeletionCurve>
        {
            ["smoothgrad"] = new([0, 0.5, 1], [0.9, 0.3, 0.1]),
            ["random"] = new([0, 0.5, 1], [0.9, 0.7, 0.1]),
        };
        using var image = Image.Load<Rgb24>(DeletionCurve.Chart(curves).Png(600, 400));

        Assert.Equal((600, 400), (image.Width, image.Height));
        // ScottPlot's default palette gives the first two lines blue (#1f77b4) and orange (#ff7f0e).
        Assert.True(Count(image, new Rgb24(0x1f, 0x77, 0xb4)) > 100);
        Assert.True(Count(image, new Rgb24(0xff, 0x7f, 0x0e)) > 100);
    }

    [Fact]
    public void A_line_whose_points_do_not_pair_up_is_refused_by_name()
    {
        var chart = new LineChart("t", "x", "y", [new ChartLine("broken", [0, 1], [1])]);
        Assert.Contains("'broken'", Assert.Throws<ArgumentException>(() => chart.Png()).Message);
        Assert.Contains("no lines", Assert.Throws<ArgumentException>(() => (chart with { Lines = [] }).Png()).Message);
    }

    [Theory]
    [InlineData(0.0, 0, 0, 4)]
    [InlineData(0.2, 66, 10, 104)]
    [InlineData(0.6, 221, 81, 58)]
    [InlineData(1.0, 252, 255, 164)]
    public void Overlays_use_matplotlibs_inferno_the_dashboards_default(double value, byte r, byte g, byte b)
    {
        var colour = Heatmap.Colour(value);
        Assert.Equal([r / 255f, g / 255f, b / 255f], colour);
    }

    [Fact]
    public void A_figure_grid_keeps_every_image_pixel_for_pixel_and_makes_room_for_its_labels()
    {
        // Two 2×2 images, scaled 3×: a red one and a blue one, CHW in [-1, 1].
        float[] red = [1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1];
        float[] blue = [-1, -1, -1, -1, -1, -1, -1, -1, 1, 1, 1, 1];
        var bare = new FigureGrid(2, 2, 3);
        using var plain = Image.Load<Rgb24>(bare.Png([red, blue]));
        Assert.Equal(36, Count(plain, new Rgb24(255, 0, 0)));
        Assert.Equal(36, Count(plain, new Rgb24(0, 0, 255)));

        using var labelled = Image.Load<Rgb24>((bare with { ColumnTitles = ["a", "b"], RowTitles = ["row"], Captions = ["p 0.9", "p 0.1\nsecond line"], ColourBar = "TIS" }).Png([red, blue]));
        Assert.Equal(36, Count(labelled, new Rgb24(255, 0, 0)));
        Assert.True(labelled.Width > plain.Width && labelled.Height > plain.Height);
        Assert.Throws<ArgumentException>(() => bare.Png([]));
    }

    static int Count(Image<Rgb24> image, Rgb24 colour)
    {
        var count = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
                foreach (var pixel in rows.GetRowSpan(y))
                    if (pixel == colour) count++;
        });
        return count;
    }
}
