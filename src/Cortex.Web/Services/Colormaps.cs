using System.Globalization;

namespace Cortex.Web.Services;

/// <summary>Colormaps for heatmaps drawn in the browser: a value in [0, 1] to a CSS colour.</summary>
public static class Colormaps
{
    public static readonly IReadOnlyList<string> Names = ["inferno", "viridis", "gray"];

    // Anchor colours sampled from matplotlib's maps; values between are linearly interpolated.
    static readonly Dictionary<string, (byte R, byte G, byte B)[]> Anchors = new()
    {
        ["inferno"] = [(0, 0, 4), (66, 10, 104), (147, 38, 103), (221, 81, 58), (252, 165, 10), (252, 255, 164)],
        ["viridis"] = [(68, 1, 84), (65, 68, 135), (42, 120, 142), (34, 168, 132), (122, 209, 81), (253, 231, 37)],
        ["gray"] = [(0, 0, 0), (255, 255, 255)],
    };

    public static (byte R, byte G, byte B) Rgb(string name, double value)
    {
        if (!Anchors.TryGetValue(name, out var anchors)) throw new ArgumentException($"Unknown colormap '{name}'; use one of {string.Join(", ", Names)}.", nameof(name));
        var t = double.IsFinite(value) ? Math.Clamp(value, 0, 1) * (anchors.Length - 1) : 0;
        var i = Math.Min((int)t, anchors.Length - 2);
        var f = t - i;
        var (a, b) = (anchors[i], anchors[i + 1]);
        return ((byte)Math.Round(a.R + (b.R - a.R) * f), (byte)Math.Round(a.G + (b.G - a.G) * f), (byte)Math.Round(a.B + (b.B - a.B) * f));
    }

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
