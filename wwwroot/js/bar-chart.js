// Bar charts (histograms, shares per class) drawn with the vendored uPlot, which App.razor loads as a global.
// Bars sit at x = 0…n-1; the axis names them with the caller's labels, and hovering shows the bar's value. The chart
// keeps its host's width.
import { followHostWidth } from './chart-width.js';

const charts = new WeakMap();
const minWidth = 280;

export function draw(host, title, labels, values, yLabel, colour) {
    charts.get(host)?.destroy();
    // Slanted names, and only every step-th bar's where more would overlap at the width drawn; a histogram's bin
    // ("a–b") is marked by its lower edge. Hovering or "Numbers" gives every bar's whole name.
    const names = (u, ticks) => {
        const step = Math.max(1, Math.ceil(labels.length * 28 / u.width));
        return ticks.map(t => Number.isInteger(t) && t % step === 0 ? (labels[t] ?? '').split('–')[0] : '');
    };
    const chart = new uPlot({
        title,
        width: Math.max(host.clientWidth, minWidth),
        height: 260,
        legend: { show: true },
        cursor: { points: { show: false } },
        scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (_, min, max) => [0, Math.max(max, 1e-9) * 1.1] } },
        series: [
            { label: 'bin', value: (_, i) => i == null ? '–' : labels[Math.round(i)] ?? '' },
            { label: yLabel, stroke: colour, fill: colour + '99', width: 1, paths: uPlot.paths.bars({ size: [0.85, 48] }), points: { show: false } },
        ],
        axes: [{ values: names, space: 1, incrs: [1], rotate: -35, size: 90, gap: 4 }, { label: yLabel, size: 60 }],
    }, [labels.map((_, i) => i), values], host);
    const stop = followHostWidth(host, chart, minWidth);
    charts.set(host, { destroy: () => { stop(); chart.destroy(); } });
}

export function dispose(host) {
    charts.get(host)?.destroy();
    charts.delete(host);
}
