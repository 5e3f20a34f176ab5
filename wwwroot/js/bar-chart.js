// Bar charts (histograms, shares per class) drawn with the vendored uPlot, which App.razor loads as a global.
// Bars sit at x = 0…n-1; the axis names them with the caller's labels, and hovering shows the bar's value.
const charts = new WeakMap();

export function draw(host, title, labels, values, yLabel, colour) {
    charts.get(host)?.destroy();
    const names = (_, ticks) => ticks.map(t => Number.isInteger(t) ? labels[t] ?? '' : '');
    const chart = new uPlot({
        title,
        width: Math.max(host.clientWidth, 280),
        height: 220,
        legend: { show: true },
        cursor: { points: { show: false } },
        scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (_, min, max) => [0, Math.max(max, 1e-9) * 1.1] } },
        series: [
            { label: 'bin', value: (_, i) => i == null ? '–' : labels[Math.round(i)] ?? '' },
            { label: yLabel, stroke: colour, fill: colour + '99', width: 1, paths: uPlot.paths.bars({ size: [0.85, 48] }), points: { show: false } },
        ],
        axes: [{ values: names, space: 30, incrs: [1, 2, 5, 10, 20, 50] }, { label: yLabel }],
    }, [labels.map((_, i) => i), values], host);
    charts.set(host, chart);
}

export function dispose(host) {
    charts.get(host)?.destroy();
    charts.delete(host);
}
