using System.Globalization;

namespace Cortex.Web.Services;

/// <summary>
/// How the codebook explorer shows mean TIS: raw values sit near 1e-4 for real models, so each reads with
/// three significant digits ("1.23e-4", "0.456") and its colour places it between the lowest and the highest
/// value of the entries on view, which the legend names.
/// </summary>
public sealed record ImportanceScale(double Low, double High)
{
    public const string Colormap = "viridis";

    /// <summary>The range of <paramref name="importance"/> over the <paramref name="shown"/> entries (an entry without a value counts as 0).</summary>
    public static ImportanceScale Of(IReadOnlyDictionary<long, double> importance, IEnumerable<int> shown)
    {
        var values = shown.Select(t => importance.GetValueOrDefault(t)).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        return new ImportanceScale(values.Min(), values.Max());
    }

    /// <summary>Where <paramref name="value"/> sits in the range, 0 at the lowest and 1 at the highest (1 when all are equal).</summary>
    public double Position(double value) => High > Low ? Math.Clamp((value - Low) / (High - Low), 0, 1) : 1;

    public string Colour(double value) => Colormaps.Css(Colormap, Position(value), 1);

    /// <summary>A CSS gradient from the lowest to the highest colour, for the legend's bar.</summary>
    public static string Gradient { get; } = "linear-gradient(to right, " + string.Join(", ",
        Enumerable.Range(0, 9).Select(i => Colormaps.Css(Colormap, i / 8.0, 1))) + ")";

    /// <summary>Three significant digits: plain between 0.01 and 1000, in scientific notation outside.</summary>
    public static string Format(double value) => value switch
    {
        0 => "0",
        _ when !double.IsFinite(value) => value.ToString(CultureInfo.InvariantCulture),
        _ when Math.Abs(value) is >= 0.01 and < 1000 => value.ToString("G3", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##e+0", CultureInfo.InvariantCulture).Replace("e+", "e", StringComparison.Ordinal),
    };
}
