using System.Globalization;
using Cortex.Imaging;

namespace Cortex.Web.Services;

/// <summary>Colormaps for heatmaps drawn in the browser (the report's maps, <see cref="ColormapAnchors"/>): a value in [0, 1] to a CSS colour.</summary>
public static class Colormaps
{
    public static IReadOnlyList<string> Names => ColormapAnchors.Names;

    public static (byte R, byte G, byte B) Rgb(string name, double value) => ColormapAnchors.Rgb(name, value);

    /// <summary>The colour as CSS <c>rgba()</c> with the given opacity.</summary>
    public static string Css(string name, double value, double opacity)
    {
        var (r, g, b) = Rgb(name, value);
        return string.Create(CultureInfo.InvariantCulture, $"rgba({r},{g},{b},{Math.Clamp(opacity, 0, 1):0.###})");
    }

    /// <summary>Scales values to [0, 1] by their minimum and maximum (all zeros when they are equal).</summary>
    public static double[] Normalize(IReadOnlyList<float> values)
    {
        if (values.Count == 0) return [];
        var (low, high) = (values.Min(), values.Max());
        return high > low ? values.Select(v => (double)(v - low) / (high - low)).ToArray() : new double[values.Count];
    }
}
