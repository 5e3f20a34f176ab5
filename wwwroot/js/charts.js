// Line charts for the dashboard, all on uPlot (loaded globally by App.razor): overlaid series with their units in the
// legend, values on hover (the legend follows the cursor), drag to zoom and double-click to reset, a log scale and
// exponential smoothing chosen on the page, the picture saved as PNG with its title and legend, and a width that follows
// the host's.
import { tickLabels } from './live-frames.js';
import { followHostWidth } from './chart-width.js';

const palette = ['#1e88e5', '#e53935', '#43a047', '#fb8c00', '#8e24aa', '#00acc1', '#6d4c41', '#c0ca33', '#3949ab', '#d81b60'];
const charts = new WeakMap();
const minWidth = 240;

// Exponential moving average over the points a series has, skipping its gaps; 0 leaves it as it is.
function smooth(values, weight) {
    if (!weight) return values;
    let last = null;
    return values.map(v => v == null ? null : (last = last == null ? v : last * weight + v * (1 - weight)));
}

function seriesData(spec) {
    return spec.ys.map(ys => smooth(ys, spec.smoothing)).map(ys => spec.log ? ys.map(v => v != null && v > 0 ? v : null) : ys);
}

function options(host, spec) {
    const values = (_, ticks, _axis, _space, spacing) => tickLabels(ticks, spacing);
    const unit = spec.yUnit ? ` ${spec.yUnit}` : '';
    return {
        width: Math.max(host.clientWidth, minWidth),
        height: 260,
        scales: { x: { time: false }, y: { distr: spec.log ? 3 : 1 } },
        cursor: { drag: { x: true, y: false } },
        // The visible x range on the host, for whoever reads the page (a browser test checks zooming with it).
        hooks: { setScale: [(u, key) => { if (key === 'x') Object.assign(host.dataset, { xMin: u.scales.x.min, xMax: u.scales.x.max }); }] },
        series: [
            { label: spec.xLabel, value: (_, v) => v == null ? '–' : `${+v.toPrecision(4)}${spec.xUnit ? ' ' + spec.xUnit : ''}` },
            ...spec.series.map((s, i) => ({
                label: s.name, stroke: palette[i % palette.length], width: 1.5, spanGaps: true, dash: s.dashed ? [5, 3] : undefined,
                value: (_, v) => v == null ? '–' : `${+v.toPrecision(4)}${unit}`,
            })),
        ],
        axes: [
            { label: spec.xUnit ? `${spec.xLabel} (${spec.xUnit})` : spec.xLabel, values },
            { label: spec.yUnit ? `${spec.yLabel} (${spec.yUnit})` : spec.yLabel, values: spec.log ? undefined : values },
        ],
    };
}

// The same lines drawn the same way: only their points may differ.
function sameLines(a, b) {
    return a.title === b.title && a.log === b.log && a.smoothing === b.smoothing && a.series.length === b.series.length
        && a.series.every((s, i) => s.name === b.series[i].name && s.dashed === b.series[i].dashed);
}

export function draw(host, spec) {
    const entry = charts.get(host);
    const data = [spec.x, ...seriesData(spec)];
    // How many x values the chart holds, for whoever reads the page (a browser test waits on it).
    host.dataset.points = spec.x.length;
    // New points on the same lines (a running run's curve growing): the chart stays, and so does a range the reader
    // zoomed into; an unzoomed chart takes in the new points.
    if (entry && sameLines(entry.spec, spec)) {
        const { min, max } = entry.chart.scales.x, shown = entry.spec.x;
        entry.chart.setData(data, !(min > shown[0] || max < shown[shown.length - 1]));
        entry.spec = spec;
        return;
    }
    entry?.destroy();
    host.replaceChildren();
    const chart = new uPlot(options(host, spec), data, host);
    const stop = followHostWidth(host, chart, minWidth);
    charts.set(host, { destroy: () => { stop(); chart.destroy(); }, chart, spec });
}

export function dispose(host) {
    charts.get(host)?.destroy();
    charts.delete(host);
}

// The plot with its title above and its legend below, on white, as a PNG download.
export function png(host, fileName) {
    const entry = charts.get(host);
    if (!entry) return;
    const { chart, spec } = entry;
    const plot = chart.ctx.canvas, ratio = devicePixelRatio, line = 18 * ratio;
    const out = document.createElement('canvas');
    out.width = plot.width;
    out.height = plot.height + line * (2 + spec.series.length);
    const ctx = out.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = '#000';
    ctx.font = `${14 * ratio}px sans-serif`;
    ctx.fillText(spec.title, 8 * ratio, line * 0.8);
    ctx.drawImage(plot, 0, line);
    ctx.font = `${12 * ratio}px sans-serif`;
    spec.series.forEach((s, i) => {
        const y = plot.height + line * (1.6 + i);
        ctx.fillStyle = palette[i % palette.length];
        ctx.fillRect(8 * ratio, y - 5 * ratio, 18 * ratio, 3 * ratio);
        ctx.fillStyle = '#000';
        ctx.fillText(`${s.name}${spec.yUnit ? ` (${spec.yUnit})` : ''}`, 32 * ratio, y);
    });
    const link = document.createElement('a');
    link.download = fileName;
    link.href = out.toDataURL('image/png');
    link.click();
}
