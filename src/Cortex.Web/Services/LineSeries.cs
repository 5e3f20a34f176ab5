using System.Globalization;
using System.Text;

namespace Cortex.Web.Services;

/// <summary>One line of a chart: its name in the legend, its points, and whether it is drawn dashed (a baseline).</summary>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Dashed = false);

/// <summary>Series with different x values on one shared x axis, as uPlot draws them, and as CSV.</summary>
public static class ChartData
{
    /// <summary>Every series' x values, sorted, and each series' y at those x (null where it has no point).</summary>
    public static (double[] X, double?[][] Y) Align(IReadOnlyList<LineSeries> series)
    {
        var xs = series.SelectMany(s => s.X).Distinct().Order().ToArray();
        var index = xs.Select((x, i) => (x, i)).ToDictionary(p => p.x, p => p.i);
        var ys = series.Select(s =>
        {
            var y = new double?[xs.Length];
            for (var i = 0; i < Math.Min(s.X.Count, s.Y.Count); i++) y[index[s.X[i]]] = double.IsFinite(s.Y[i]) ? s.Y[i] : null;
            return y;
        }).ToArray();
        return (xs, ys);
    }

    /// <summary>One row per point: series, x, y (long form, so series of different lengths fit one table).</summary>
    public static string Csv(IReadOnlyList<LineSeries> series, string xLabel, string yLabel)
    {
        var csv = new StringBuilder($"series,{Csv(xLabel)},{Csv(yLabel)}\n");
        foreach (var s in series)
            for (var i = 0; i < Math.Min(s.X.Count, s.Y.Count); i++)
                csv.Append(Csv(s.Name)).Append(',').Append(Number(s.X[i])).Append(',').Append(Number(s.Y[i])).Append('\n');
        return csv.ToString();
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Csv(string text) => text.IndexOfAny([',', '"', '\n']) < 0 ? text : $"\"{text.Replace("\"", "\"\"")}\"";

    /// <summary>A download link's address for a CSV file, so the browser saves it without another request.</summary>
    public static string DataUrl(string csv) => $"data:text/csv;charset=utf-8,{Uri.EscapeDataString(csv)}";
}
