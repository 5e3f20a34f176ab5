using Cortex.Web.Components.Shared;

namespace Cortex.Web.Tests.Shared;

public sealed class LineChartTests : DashboardContext
{
    [Fact]
    public void Draws_one_line_per_series_inside_the_plot_and_lists_every_point_on_request()
    {
        var chart = Render<LineChart>(p => p.Add(c => c.Title, "Deletion").Add(c => c.XLabel, "fraction").Add(c => c.YMin, 0).Add(c => c.YMax, 1)
            .Add(c => c.Series, [new LineChart.ChartSeries("tis", [0, 0.5, 1], [1, 0.4, 0.1]), new LineChart.ChartSeries("random", [0, 1], [1, 0.5], Dashed: true)]));

        var lines = chart.FindAll("svg[role=img] polyline");
        Assert.Equal(2, lines.Count);
        // x 0..1 spans the plot's 46..410 px, y 1..0 its 10..205 px.
        Assert.Equal("46,10 228,127 410,185.5", lines[0].GetAttribute("points"));
        Assert.Equal("5 3", lines[1].GetAttribute("stroke-dasharray"));
        Assert.Contains("Deletion: tis; random", chart.Find("svg[role=img]").GetAttribute("aria-label"));

        Assert.Empty(chart.FindAll("table"));
        chart.Find("button").Click();
        var rows = chart.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["0.5", "0.4", ""], rows[1]);
    }

    [Theory]
    [InlineData(0.0444, 0.0452)]
    [InlineData(0.04431, 0.04519)]
    [InlineData(-3.2, 17.5)]
    [InlineData(0, 8000)]
    public void Tick_labels_are_distinct_round_and_inside_the_range_however_narrow_it_is(double low, double high)
    {
        var chart = Render<LineChart>(p => p.Add(c => c.Title, "Loss").Add(c => c.YMin, low).Add(c => c.YMax, high)
            .Add(c => c.Series, [new LineChart.ChartSeries("loss", [low, high], [low, high])]));

        var ticks = chart.FindAll("text.line-chart-tick").Select(t => t.TextContent).ToList();
        var yTicks = ticks.Take(ticks.Count / 2).ToList();
        Assert.InRange(yTicks.Count, 3, 11);
        Assert.Equal(yTicks.Count, yTicks.Distinct().Count());
        Assert.All(yTicks, t => Assert.InRange(double.Parse(t, System.Globalization.CultureInfo.InvariantCulture), low, high));
        var values = yTicks.Select(t => decimal.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Single(values.Zip(values.Skip(1)).Select(p => p.Second - p.First).Distinct());
    }

    [Fact]
    public void Saliency_stats_count_presence_per_concept_and_rank_positions_by_tis()
    {
        var data = new SaliencyData("e", 2, ["a", "b"], [0, 0, 1], [[1, 2, 2, 3], [4, 4, 4, 4], [2, 5, 5, 5]], [[0.1f, 0.9f, 0.3f, 0f], [0, 0, 0, 0], [0.7f, 0, 0, 0]]);

        Assert.Equal([new SaliencyStats.Presence("a", 1, 2, 2), new SaliencyStats.Presence("b", 1, 1, 1)], SaliencyStats.PresenceOf(data, 2));
        Assert.Equal([1, 2, 0], SaliencyStats.TopPositions(data.Tis[0], 3));
        Assert.Equal([(0, 1), (0, 2)], SaliencyStats.Occurrences(data, 0, 2, 5));
        Assert.Equal([2], SaliencyStats.ImagesOf(data, 1));
    }
}
