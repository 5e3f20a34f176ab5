using Cortex.Compute.Evaluation;
using Cortex.Compute.World;

namespace Cortex.Compute.Tests.Evaluation;

[Collection(TorchCollection.Name)]
public sealed class MarkingPixelsTests
{
    [Fact]
    public void Only_pixels_nearest_the_marking_white_are_the_marking()
    {
        // A 4×4 image on light blue with a green object; (1, 1) is painted white, (1, 2) a near-white grey, (2, 2) light blue.
        var rgb = new float[3, 4, 4];
        void Paint(int y, int x, float[] colour)
        {
            for (var c = 0; c < 3; c++) rgb[c, y, x] = colour[c] * 2 - 1;
        }
        for (var y = 0; y < 4; y++)
        for (var x = 0; x < 4; x++)
            Paint(y, x, Palette.Rgb(Background.LightBlue));
        Paint(0, 1, Palette.Rgb(Colour.Green));
        Paint(1, 1, Palette.MarkingWhite);
        Paint(1, 2, [0.9f, 0.9f, 0.9f]);
        Paint(2, 2, Palette.Rgb(Background.LightBlue));
        using var images = tensor(rgb.Cast<float>().ToArray()).view(1, 3, 4, 4);

        var mask = Assert.Single(MarkingPixels.Read(images));

        // The 0.9 grey lies 3·0.07² ≈ 0.015 from white and 0.078 from the nearest other colour (beige).
        Assert.Equal(new[] { 5, 6 }, Enumerable.Range(0, 16).Where(i => mask[i]));
    }
}
