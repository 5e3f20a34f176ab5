using System.Globalization;

namespace Cortex.Web.Services;

/// <summary>Values counted into equal-width bins between their least and greatest; each bin named by its range.</summary>
public sealed record Histogram(IReadOnlyList<string> Bins, IReadOnlyList<double> Counts)
{
    public static Histogram Of(IReadOnlyList<double> values, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return new([], []);
        var (low, high) = (finite.Min(), finite.Max());
        // All equal: one bin holds them, rather than a zero-width range that divides by zero.
        if (high <= low) return new([Format(low)], [finite.Count]);
        var width = (high - low) / bins;
        var counts = new double[bins];
        foreach (var value in finite) counts[Math.Min(bins - 1, (int)((value - low) / width))]++;
        return new([.. Enumerable.Range(0, bins).Select(b => $"{Format(low + b * width)}–{Format(low + (b + 1) * width)}")], counts);
    }

    static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
