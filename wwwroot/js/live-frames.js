// The Live tab of a codebook-level run: decoded image, token grid with changed cells, loss and target
// probability chart, step counter and fps. Messages only keep the newest frame; one animation-frame
// loop draws it, so a burst of steps never queues up work for the browser. On every join the server
// sends the curve so far, so a late joiner (or a return to the tab) sees the whole run.

const finished = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);
const retryDelays = [0, 1000, 2000, 5000];
const retryDelay = attempt => retryDelays[Math.min(attempt, retryDelays.length - 1)];
const connectionText = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', offline: 'offline — retrying', replay: 'replay', ended: 'ended' };
const palette = ['#43a047', '#fb8c00', '#8e24aa', '#00acc1', '#6d4c41', '#c0ca33'];
const chartHeight = 220;

async function decodeImage(source) {
    if (source.png) {
        const bytes = Uint8Array.from(atob(source.png), c => c.charCodeAt(0));
        return createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    }
    const response = await fetch(source.url);
    if (!response.ok) throw new Error(`${source.url}: ${response.status}`);
    return createImageBitmap(await response.blob());
}

// A vertical line at the replayed step, so the chart shows where the slider is.
const markerPlugin = view => ({
    hooks: {
        draw: chart => {
            if (view.marker == null) return;
            const x = Math.round(chart.valToPos(view.marker, 'x', true)), { ctx, bbox } = chart;
            ctx.save();
            ctx.fillStyle = '#ff4081';
            ctx.fillRect(x - devicePixelRatio, bbox.top, 2 * devicePixelRatio, bbox.height);
            ctx.restore();
        },
    },
});

// As many decimals as the tick spacing needs (0.0002 → 4, 0.00025 → 5), so neighbouring ticks never
// read the same: uPlot's default keeps at most three ("0.045, 0.045, 0.044" for ticks 0.0002 apart).
export function tickLabels(ticks, spacing) {
    let decimals = spacing > 0 ? Math.max(0, -Math.floor(Math.log10(spacing))) : 0;
    while (decimals < 12 && Math.abs(spacing * 10 ** decimals - Math.round(spacing * 10 ** decimals)) > 1e-6) decimals++;
    return ticks.map(v => v == null ? '' : v.toFixed(decimals));
}

function createChart(host, evaluators, data, view) {
    const format = digits => (_, v) => v == null ? '–' : v.toFixed(digits);
    const values = (_, ticks, _axis, _space, spacing) => tickLabels(ticks, spacing);
    const probability = (label, stroke) => ({ label, stroke, scale: 'p', width: 1.5, spanGaps: true, value: format(3) });
    return new uPlot({
        width: Math.max(host.clientWidth, 320),
        height: chartHeight,
        plugins: [markerPlugin(view)],
        scales: { x: { time: false }, p: { range: [0, 1] } },
        series: [
            { label: 'step' },
            { label: 'loss', stroke: '#e53935', scale: 'loss', width: 1.5, value: format(4) },
            probability('p(target) extractor', '#1e88e5'),
            ...evaluators.map((name, i) => probability(`p(target) ${name}`, palette[i % palette.length])),
        ],
        axes: [{ values }, { scale: 'loss', label: 'loss', values }, { scale: 'p', side: 1, label: 'p(target)', grid: { show: false }, values }],
    }, data, host);
}

// Grid lines, and the changed cells outlined with their new token id where a cell is large enough to read it.
function drawGrid(canvas, frame, gridSize) {
    const size = Math.round(canvas.clientWidth * devicePixelRatio), grid = frame.gridSize || gridSize;
    if (size === 0) return; // hidden, e.g. in an inactive tab
    if (canvas.width !== size) canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d'), cell = size / grid;
    ctx.clearRect(0, 0, size, size);
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.25)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 1; i < grid; i++) {
        const at = Math.round(i * cell) + 0.5;
        ctx.moveTo(at, 0); ctx.lineTo(at, size);
        ctx.moveTo(0, at); ctx.lineTo(size, at);
    }
    ctx.stroke();
    const line = Math.max(2, cell / 12);
    Object.assign(ctx, { strokeStyle: '#ff4081', lineWidth: line, fillStyle: '#fff', font: `${Math.round(cell / 3)}px monospace`, textAlign: 'center', textBaseline: 'middle' });
    for (const position of frame.changed[0] ?? []) {
        const x = (position % grid) * cell, y = Math.floor(position / grid) * cell;
        ctx.strokeRect(x + line / 2, y + line / 2, cell - line, cell - line);
        if (cell >= 24 * devicePixelRatio) ctx.fillText(frame.tokens[position], x + cell / 2, y + cell / 2);
    }
}

// uPlot and signalR are globals that App.razor loads with the page: fetching them here could wait
// behind the page's other requests (a form's support images wait for the model while a run holds it).
export function start(element, options) {
    const { experimentId, gridSize, steps, evaluators = [], live = true, running = false, series = null, bestStep = null, dotNet = null, share = null, workspace = null, hub } = options;
    // On a public share page every request carries the link's token; the server lets it read this experiment only.
    const scoped = url => share ? `${url}${url.includes('?') ? '&' : '?'}share=${encodeURIComponent(share)}` : url;
    // A member's hub connection names the page's workspace, which another tab may have switched away from.
    const hubUrl = url => share || !workspace ? scoped(url) : `${url}?workspace=${encodeURIComponent(workspace)}`;
    const part = name => element.querySelector(`.live-${name}`);
    const image = part('image'), overlay = part('overlay'), chartHost = part('chart');
    const stepText = part('step'), fpsText = part('fps'), connectionTag = part('connection'), statusText = part('status');
    const emptyData = () => [[], [], [], ...evaluators.map(() => [])];
    let data = series
        ? [series.steps, series.loss, series.targetProbability, ...evaluators.map(name => series.evaluatorProbability?.[name] ?? [])]
        : emptyData();
    const view = { marker: null };
    const chart = createChart(chartHost, evaluators, data, view);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(chartHost.clientWidth, 320), height: chartHeight }));
    resize.observe(chartHost);
    let newest = null, pendingImage = null, decoding = false, chartDirty = false, paused = false, disposed = false;
    let received = 0, drawn = 0, frameRequest = 0, retryTimer = 0, activeRun = running, lastStatus = null;
    const drawTimes = [];

    function setConnection(state) {
        element.dataset.connection = state;
        connectionTag.textContent = connectionText[state];
    }

    function keep(frame) {
        element.dataset.framesReceived = ++received;
        element.dataset.lastStep = frame.step;
        newest = frame;
        if (frame.png || frame.imageUrl) pendingImage = { png: frame.png, url: frame.imageUrl && scoped(frame.imageUrl) };
    }

    // The curve so far (the server's even sample of the run): it replaces what the chart holds up to its
    // last step, and live points after it stay.
    function adopt(curve) {
        const last = curve.steps[curve.steps.length - 1];
        const newer = data[0].findIndex(step => step > last);
        const columns = [curve.steps, curve.loss, curve.targetProbability, ...evaluators.map(name => curve.evaluatorProbability?.[name] ?? curve.steps.map(() => null))];
        data = columns.map((column, i) => newer < 0 ? [...column] : [...column, ...data[i].slice(newer)]);
        chartDirty = true;
    }

    // Every live step becomes a point; none are dropped, so the chart holds the whole run up to its Steps.
    function append(frame) {
        const last = data[0][data[0].length - 1];
        if (frame.step === last) return; // the latest frame again, as the hub sends on every join
        if (frame.step < last) data = emptyData(); // the run started over (re-queued)
        data[0].push(frame.step);
        data[1].push(frame.loss);
        data[2].push(frame.targetProbability[0]);
        evaluators.forEach((name, i) => data[3 + i].push(frame.evaluatorProbability?.[name]?.[0] ?? null));
        chartDirty = true;
    }

    async function drawImage(source) {
        decoding = true;
        try {
            const bitmap = await decodeImage(source);
            if (!disposed) {
                if (image.width !== bitmap.width) [image.width, image.height] = [bitmap.width, bitmap.height];
                const ctx = image.getContext('2d');
                ctx.imageSmoothingEnabled = false;
                ctx.drawImage(bitmap, 0, 0);
            }
            bitmap.close();
        } catch (error) {
            console.warn('live-frames: could not draw an image', error);
        } finally {
            decoding = false;
        }
    }

    // A replay names the two edits the results show: the best (the evaluators' highest) and the final one.
    function edit(step, total) {
        if (live) return '';
        const names = [step === bestStep && 'best', step === total && 'final'].filter(Boolean);
        return names.length ? ` · ${names.join(' and ')} edit` : '';
    }

    function render(now) {
        frameRequest = requestAnimationFrame(render);
        if (!paused) {
            if (newest) {
                drawGrid(overlay, newest, gridSize);
                stepText.textContent = `step ${newest.step} / ${newest.steps || steps}${edit(newest.step, newest.steps || steps)}`;
                newest = null;
                element.dataset.framesDrawn = ++drawn;
                drawTimes.push(now);
            }
            // One decode at a time; a newer image waiting meanwhile replaces the older one.
            if (pendingImage && !decoding) {
                drawImage(pendingImage);
                pendingImage = null;
            }
            if (chartDirty) {
                chart.setData(data);
                chartDirty = false;
                element.dataset.chartPoints = data[0].length;
                element.dataset.chartFirstStep = data[0][0] ?? '';
            }
        }
        while (drawTimes.length && drawTimes[0] <= now - 1000) drawTimes.shift();
        // A rate of drawing only means something while frames stream in; a replay or an ended run has none.
        const fps = element.dataset.connection === 'live' ? `${drawTimes.length} fps` : '';
        if (fpsText.textContent !== fps) fpsText.textContent = fps;
    }

    // A run that ended is not live, though its connection stays open should it be queued again.
    const connectedState = () => finished.has(lastStatus) ? 'ended' : 'live';

    function onStatus(message) {
        lastStatus = message.status;
        if (['live', 'ended'].includes(element.dataset.connection)) setConnection(connectedState());
        element.dataset.status = message.status;
        statusText.textContent = message.error ? `${message.status}: ${message.error}` : message.status;
        // Only a run seen active finishes here: joining a long-finished run must not make the page reload.
        if (!finished.has(message.status)) activeRun = true;
        else if (activeRun) {
            activeRun = false;
            dotNet?.invokeMethodAsync('OnFinished').catch(error => console.warn('live-frames: OnFinished failed', error));
        }
    }

    function connect() {
        const connection = new signalR.HubConnectionBuilder()
            // WebSockets straight away: a negotiate request could queue behind the page's pending requests.
            .withUrl(hubUrl(new URL('hubs/experiments', document.baseURI).href), { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
            .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => retryDelay(context.previousRetryCount) })
            .build();
        let restarting = false;
        connection.on(hub.frame, frame => { keep(frame); append(frame); });
        connection.on(hub.history, message => adopt(message.curve));
        connection.on(hub.status, onStatus);
        connection.onreconnecting(() => setConnection('reconnecting'));
        // A reconnect is a new server connection without subscriptions; if joining fails, closing starts over.
        connection.onreconnected(() => join().catch(() => connection.stop()));
        // Automatic reconnect never gives up, so a close means the connection was stopped: start it again.
        connection.onclose(() => {
            if (disposed || restarting) return;
            setConnection('reconnecting');
            restart(0);
        });

        async function join() {
            await connection.invoke(hub.join, experimentId);
            setConnection(connectedState());
        }

        // Also covers a server that is down when the page opens, which automatic reconnect does not.
        async function restart(attempt) {
            restarting = true;
            try {
                if (connection.state === signalR.HubConnectionState.Disconnected) await connection.start();
                await join();
                restarting = false;
            } catch {
                if (disposed) return;
                setConnection('offline');
                retryTimer = setTimeout(() => restart(attempt + 1), retryDelay(attempt + 1));
            }
        }

        setConnection('connecting');
        restart(0);
        return connection;
    }

    const connection = live ? connect() : null;
    if (!live) setConnection('replay');
    stepText.textContent = `step – / ${steps}`;
    element.dataset.framesReceived = element.dataset.framesDrawn = 0;
    frameRequest = requestAnimationFrame(render);

    return {
        pause: () => { paused = true; },
        resume: () => { paused = false; chartDirty = true; },
        showFrame: frame => {
            view.marker = frame.step;
            keep(frame);
            chartDirty = true;
        },
        dispose: () => {
            disposed = true;
            cancelAnimationFrame(frameRequest);
            clearTimeout(retryTimer);
            resize.disconnect();
            chart.destroy();
            return connection?.stop();
        },
    };
}
