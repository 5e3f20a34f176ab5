using ScottPlot;

namespace Cortex.Compute.Imaging;

/// <summary>One line of a chart: its legend text and its points.</summary>
public sealed record ChartLine(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>
/// A line chart for reports and result files, drawn by ScottPlot: a title, axis labels that carry the
/// units, a legend naming every line, and optional fixed y limits (probabilities keep 0..1 so that
/// charts compare at a glance).
/// </summary>
public sealed record LineChart(string Title, string XLabel, string YLabel, IReadOnlyList<ChartLine> Lines)
{
    /// <summary>Fixed y limits, or null to fit the data.</summary>
    public (double Low, double High)? YRange { get; init; }

    /// <summary>Marks each point too: for short series (a handful of n values) the points are the data.</summary>
    public bool Markers { get; init; }

    /// <summary>A dashed horizontal reference line (a pass line, a threshold) with its legend text, or null.</summary>
    public (double Y, string Label)? Reference { get; init; }

    /// <summary>Names of the x positions 0, 1, 2, … instead of numbers (e.g. layers), or null.</summary>
    public IReadOnlyList<string>? XTicks { get; init; }

    public byte[] Png(int width = 760, int height = 480)
    {
        if (Lines.Count == 0) throw new ArgumentException($"Chart '{Title}' has no lines to draw.");
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(Title);
        plot.XLabel(XLabel);
        plot.YLabel(YLabel);
        foreach (var line in Lines)
        {
            if (line.X.Count != line.Y.Count) throw new ArgumentException($"Line '{line.Label}' of chart '{Title}' has {line.X.Count} x values but {line.Y.Count} y values.");
            var scatter = plot.Add.Scatter(line.X.ToArray(), line.Y.ToArray());
            scatter.LegendText = line.Label;
            scatter.LineWidth = 2;
            scatter.MarkerSize = Markers ? 6 : 0;
        }
        if (Reference is var (y, label))
        {
            var reference = plot.Add.HorizontalLine(y);
            reference.LinePattern = LinePattern.Dashed;
            reference.LegendText = label;
        }
        if (XTicks is { } ticks)
        {
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, ticks.Count).Select(i => (double)i).ToArray(), ticks.ToArray());
            // Slanted names need room below the axis, or they run into its label.
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 7 * ticks.Max(t => t.Length) + 30;
        }
        plot.ShowLegend(Edge.Right);
        if (YRange is var (low, high)) plot.Axes.SetLimitsY(low, high);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
