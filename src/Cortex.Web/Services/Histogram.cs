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
        // As many significant digits as the bin width needs, so that neighbouring edges never read the same (TIS spans 1e-4 wide ranges near 3e-4).
        var digits = Math.Clamp((int)Math.Ceiling(Math.Log10(Math.Max(Math.Abs(low), Math.Abs(high)) / width)) + 1, 2, 10);
        return new([.. Enumerable.Range(0, bins).Select(b => $"{Format(low + b * width, digits)}–{Format(low + (b + 1) * width, digits)}")], counts);
    }

    static string Format(double value, int digits = 3) => value.ToString($"G{digits}", CultureInfo.InvariantCulture);
}
