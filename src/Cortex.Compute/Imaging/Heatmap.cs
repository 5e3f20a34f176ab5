using Cortex.Imaging;

namespace Cortex.Compute.Imaging;

/// <summary>TIS maps drawn over decoded images, for figures and the dashboard.</summary>
public static class Heatmap
{
    /// <summary>The colour map of every figure's TIS overlay, the dashboard's default.</summary>
    public const string Colormap = "inferno";

    /// <summary>RGB in [0, 1] of a value in [0, 1].</summary>
    public static float[] Colour(double value)
    {
        var (r, g, b) = ColormapAnchors.Rgb(Colormap, value);
        return [r / 255f, g / 255f, b / 255f];
    }

    /// <summary>The image followed by one overlay per TIS map (each H×W row-major): a figure row.</summary>
    public static IEnumerable<float[]> Row(float[] image, int size, IEnumerable<double[]> maps, int gridSize, double opacity) =>
        maps.Select(map => Overlay(image, size, map, gridSize, opacity)).Prepend(image);

    /// <summary>
    /// A CHW image in [-1, 1] blended with the colour of each grid cell's min-max normalized score.
    /// </summary>
    /// <param name="scores">H×W row-major TIS map</param>
    /// <param name="opacity">0 shows the image only, 1 the heatmap only</param>
    public static float[] Overlay(float[] image, int size, double[] scores, int gridSize, double opacity)
    {
        double low = scores.Min(), high = scores.Max();
        var span = high - low > 0 ? high - low : 1;
        var patch = size / gridSize;
        var plane = size * size;
        var result = new float[image.Length];
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
        {
            var colour = Colour((scores[y / patch * gridSize + x / patch] - low) / span);
            for (var c = 0; c < 3; c++)
            {
                var index = c * plane + y * size + x;
                var pixel = (image[index] + 1) / 2;
                result[index] = (float)((1 - opacity) * pixel + opacity * colour[c]) * 2 - 1;
            }
        }
        return result;
    }
}
