namespace Cortex.EndToEnd;

/// <summary>How wide charts.js and bar-chart.js drew a chart, against the width its host offers.</summary>
public static class ChartWidth
{
    /// <summary>
    /// Waits until the chart in <paramref name="host"/> is drawn at the host's width (no narrower than
    /// <paramref name="minWidth"/>) and its canvas fits inside the host — once the layout has settled, as a drawer may
    /// close a moment after the window narrows; returns that width.
    /// </summary>
    public static async Task<int> FittedAsync(ILocator host, int minWidth)
    {
        var element = await host.ElementHandleAsync();
        var fitted = await host.Page.WaitForFunctionAsync(
            "([h, min]) => { const w = Math.max(Math.floor(h.clientWidth), min); " +
            "return +h.dataset.chartWidth === w && h.querySelector('canvas').getBoundingClientRect().width <= h.clientWidth + 1 ? w : null; }",
            new object[] { element, minWidth });
        return await fitted.JsonValueAsync<int>();
    }
}
