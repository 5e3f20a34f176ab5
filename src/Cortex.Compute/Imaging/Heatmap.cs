namespace Cortex.Compute.Imaging;

/// <summary>TIS maps drawn over decoded images, for figures and the dashboard.</summary>
public static class Heatmap
{
    // Anchor colours of a perceptually ordered "inferno"-like ramp: black → purple → orange → yellow.
    static readonly float[][] Ramp = [[0f, 0f, 0.02f], [0.34f, 0.06f, 0.43f], [0.73f, 0.21f, 0.33f], [0.98f, 0.55f, 0.04f], [0.99f, 1f, 0.64f]];

    /// <summary>RGB in [0, 1] of a value in [0, 1].</summary>
    public static float[] Colour(double value)
    {
        var t = Math.Clamp(value, 0, 1) * (Ramp.Length - 1);
        var i = Math.Min((int)t, Ramp.Length - 2);
        var f = (float)(t - i);
        return [Ramp[i][0] + f * (Ramp[i + 1][0] - Ramp[i][0]), Ramp[i][1] + f * (Ramp[i + 1][1] - Ramp[i][1]), Ramp[i][2] + f * (Ramp[i + 1][2] - Ramp[i][2])];
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
