// uPlot draws at the width it is given, once; this keeps a chart as wide as its host when a window resize, a drawer
// opening or the page's layout changes that width. Debounced: a window dragged wider redraws when it pauses, not at
// every pixel. The host's data-chart-width says the width drawn, for whoever reads the page (a browser test does).
const pause = 100;

// Follows the host's width from now on; returns what stops following (call it before destroying the chart).
export function followHostWidth(host, chart, minWidth) {
    let timer;
    const fit = () => {
        const width = Math.max(Math.floor(host.clientWidth), minWidth);
        if (width !== chart.width) chart.setSize({ width, height: chart.height });
        host.dataset.chartWidth = chart.width;
    };
    const observer = new ResizeObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(fit, pause);
    });
    observer.observe(host);
    host.dataset.chartWidth = chart.width;
    return () => {
        clearTimeout(timer);
        observer.disconnect();
    };
}
