using System.Globalization;

namespace Cortex.Web.Services;

/// <summary>
/// Ticks for a chart axis at round steps (1, 2, 2.5 or 5 times a power of ten) with as many decimals
/// as the step needs, so that no two ticks read the same however narrow the range ("0.0446, 0.0448"
/// rather than "0.04, 0.04").
/// </summary>
public sealed record AxisTicks(IReadOnlyList<double> Values, int Decimals)
{
    static readonly double[] Multiples = [1, 2, 2.5, 5, 10];

    /// <summary>About <paramref name="count"/> ticks inside [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public static AxisTicks Between(double low, double high, int count = 5)
    {
        if (!(high > low) || !double.IsFinite(high - low)) return new([low], DecimalsOf(Math.Abs(low)));
        var rough = (high - low) / count;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = Multiples.Select(m => m * power).First(s => s >= rough * (1 - 1e-9));
        var first = Math.Ceiling(low / step - 1e-9);
        var last = Math.Floor(high / step + 1e-9);
        var values = Enumerable.Range(0, (int)(last - first) + 1).Select(i => (first + i) * step).ToList();
        return new(values, DecimalsOf(step));
    }

    public string Label(double value) => value.ToString($"F{Decimals}", CultureInfo.InvariantCulture);

    static int DecimalsOf(double step)
    {
        if (!(step > 0)) return 0;
        var decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step)));
        while (decimals < 12 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6) decimals++;
        return decimals;
    }
}
