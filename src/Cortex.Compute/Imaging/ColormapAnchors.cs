namespace Cortex.Imaging;

/// <summary>
/// The heat-map colour maps, defined once: this file is compiled into Cortex.Compute (report figures,
/// overlays) and linked into Cortex.Web (the dashboard's maps and legends), since neither project may
/// reference the other, so a TIS value has the same colour in a report and on a page.
/// </summary>
internal static class ColormapAnchors
{
    public static readonly IReadOnlyList<string> Names = ["inferno", "viridis", "gray"];

    // Anchor colours sampled from matplotlib's maps; values between are linearly interpolated.
    static readonly Dictionary<string, (byte R, byte G, byte B)[]> Anchors = new()
    {
        ["inferno"] = [(0, 0, 4), (66, 10, 104), (147, 38, 103), (221, 81, 58), (252, 165, 10), (252, 255, 164)],
        ["viridis"] = [(68, 1, 84), (65, 68, 135), (42, 120, 142), (34, 168, 132), (122, 209, 81), (253, 231, 37)],
        ["gray"] = [(0, 0, 0), (255, 255, 255)],
    };

    /// <summary>The colour of a value in [0, 1] (clamped; not-a-number is 0).</summary>
    public static (byte R, byte G, byte B) Rgb(string name, double value)
    {
        if (!Anchors.TryGetValue(name, out var anchors)) throw new ArgumentException($"Unknown colormap '{name}'; use one of {string.Join(", ", Names)}.", nameof(name));
        var t = double.IsFinite(value) ? Math.Clamp(value, 0, 1) * (anchors.Length - 1) : 0;
        var i = Math.Min((int)t, anchors.Length - 2);
        var f = t - i;
        var (a, b) = (anchors[i], anchors[i + 1]);
        return ((byte)Math.Round(a.R + (b.R - a.R) * f), (byte)Math.Round(a.G + (b.G - a.G) * f), (byte)Math.Round(a.B + (b.B - a.B) * f));
    }
}
