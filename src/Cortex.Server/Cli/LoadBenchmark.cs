using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Web.Services;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cortex.Server.Cli;

/// <summary>
/// The server holding under load: SignalR clients on one live codebook-level run with experiments queued
/// behind it, while other clients page through the experiment list. The server is a child process on a
/// loopback port, so that the memory read is the server's alone.
/// </summary>
public static class LoadBenchmark
{
    public const int Clients = 50;
    public const int QueuedExperiments = 20;
    public const int ApiClients = 10;
    const int DecodeEvery = 25;
    // The largest run the server accepts (raised for it below): hours at the streaming bench's step rate, so it outlasts any window.
    const int LiveSteps = 1_000_000;
    static readonly TimeSpan FirstFrameTimeout = TimeSpan.FromMinutes(3);

    /// <param name="Duration">How long the window measures, after the warm-up.</param>
    /// <param name="Quick">A smoke test: a short warm-up and denser memory samples.</param>
    public sealed record Options(TimeSpan Duration, bool Quick)
    {
        public TimeSpan WarmUp => TimeSpan.FromSeconds(Quick ? 5 : 30);
        public TimeSpan SampleEvery => TimeSpan.FromSeconds(Quick ? 5 : 10);
    }

    public static async Task<LoadReport> RunAsync(string? modelDirectory, Options options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var loadBefore = LoadAverage();
        var settings = new Dictionary<string, string>
        {
            ["Cortex__MaxSteps"] = LiveSteps.ToString(CultureInfo.InvariantCulture),
            // Quiet, but for the line that tells the port.
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        var data = Directory.CreateTempSubdirectory("cortex-load-").FullName;
        string apiKey;
        using (var database = Storage.CortexDatabase.Open(data))
            apiKey = BenchClients.CreateAccount(database);
        await using var server = await ServerProcess.StartAsync(new ServerProcess.Options(data, apiKey, OwnsData: true, modelDirectory, settings), cancellationToken);
        var clients = new BenchClients(server.Address, apiKey);
        using var http = clients.Http();
        var concepts = await BenchClients.CreateConceptPairAsync(http, cancellationToken);
        var live = await BenchClients.QueueCodebookRunAsync(http, "load bench: live", concepts, LiveSteps, DecodeEvery, cancellationToken);
        var queued = new List<string>();
        for (var i = 1; i <= QueuedExperiments; i++)
            queued.Add(await BenchClients.QueueCodebookRunAsync(http, $"load bench: queued {i}", concepts, steps: 300, DecodeEvery, cancellationToken));

        var window = new MeasurementWindow();
        var frameLatencies = new LatencyHistogram();
        var apiLatencies = new LatencyHistogram();
        var watchers = Enumerable.Range(0, Clients).Select(_ => new FrameWatcher(window, frameLatencies)).ToList();
        var pagerClients = Enumerable.Range(0, ApiClients).Select(_ => clients.Http()).ToList();
        var pagers = pagerClients.Select((client, i) => new ListPager(client, seed: i, concepts.Source, window, apiLatencies)).ToList();
        var connections = new List<HubConnection>();
        using var stopPaging = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var paging = Task.WhenAll(pagers.Select(p => p.RunAsync(stopPaging.Token)));
        try
        {
            progress.Report($"load: {Clients} SignalR clients join the live run; {ApiClients} clients page the experiment list");
            foreach (var watcher in watchers) connections.Add(await JoinAsync(clients, live, watcher, cancellationToken));
            await WaitForFramesAsync(http, live, watchers, cancellationToken);
            progress.Report($"load: frames flow to every client; warming up for {options.WarmUp.TotalSeconds:F0} s");
            await Task.Delay(options.WarmUp, cancellationToken);

            var memory = await MeasureAsync(server, window, options, progress, cancellationToken);
            // Pagers run until stopped: one that finished has failed, and its load is missing from the figures.
            if (paging.IsCompleted) await paging;
            var (status, error) = await StatusAsync(http, live, cancellationToken);
            if (status != "running") throw new InvalidOperationException($"The live run ended {status} before the measurement did: {error}");
            await CancelAsync(http, queued.Append(live), cancellationToken);

            var seconds = memory.Samples[^1].Seconds;
            return new LoadReport(Clients, QueuedExperiments, ApiClients, ListPager.Pause.TotalMilliseconds, options.WarmUp.TotalSeconds, seconds,
                loadBefore, LoadAverage(), LiveRunLoad.Of(DecodeEvery, watchers, seconds), FrameLoad.Of(watchers, frameLatencies),
                ApiLoad.Of(pagers, apiLatencies, seconds), memory);
        }
        finally
        {
            await stopPaging.CancelAsync();
            // Stopped pagers end cancelled; one that failed in the window was reported above.
            await paging.ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var client in pagerClients) client.Dispose();
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    static async Task<HubConnection> JoinAsync(BenchClients clients, string experimentId, FrameWatcher watcher, CancellationToken cancellationToken)
    {
        var connection = clients.Hub();
        connection.On<FrameMessage>(ExperimentHubNames.Frame, watcher.OnFrame);
        await connection.StartAsync(cancellationToken);
        await connection.InvokeAsync(ExperimentHubNames.Join, experimentId, cancellationToken);
        return connection;
    }

    /// <summary>Waits until the live run prepared its support sets and every client has had a frame.</summary>
    static async Task WaitForFramesAsync(HttpClient http, string live, IReadOnlyList<FrameWatcher> watchers, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!watchers.All(w => w.Streaming))
        {
            var (status, error) = await StatusAsync(http, live, cancellationToken);
            if (status is not ("queued" or "running")) throw new InvalidOperationException($"The live run ended {status} before it streamed: {error}");
            if (waited.Elapsed > FirstFrameTimeout) throw new TimeoutException($"Not every client had a frame within {FirstFrameTimeout.TotalMinutes} minutes.");
            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>Opens the window for its duration and samples the server's memory at its start, every interval and its end.</summary>
    static async Task<MemoryLoad> MeasureAsync(ServerProcess server, MeasurementWindow window, Options options, IProgress<string> progress,
        CancellationToken cancellationToken)
    {
        window.Open();
        var clock = Stopwatch.StartNew();
        var samples = new List<MemorySample> { new(0, server.ResidentMib) };
        while (clock.Elapsed < options.Duration)
        {
            var next = TimeSpan.FromTicks(Math.Min(options.SampleEvery.Ticks, (options.Duration - clock.Elapsed).Ticks));
            await Task.Delay(next, cancellationToken);
            samples.Add(new MemorySample(Math.Round(clock.Elapsed.TotalSeconds, 1), server.ResidentMib));
            progress.Report($"load: {samples[^1].Seconds:F0} of {options.Duration.TotalSeconds:F0} s, server RSS {samples[^1].RssMib} MiB");
        }
        window.Close();
        var (start, end) = (samples[0].RssMib, samples[^1].RssMib);
        return new MemoryLoad(start, end, samples.Max(s => s.RssMib), Math.Round(100 * (end - start) / start, 2), samples);
    }

    /// <summary>Cancels the queued experiments before the live run, so that none of them starts in its place.</summary>
    static async Task CancelAsync(HttpClient http, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            using var response = await http.PostAsync($"/api/experiments/{id}/cancel", null, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    static async Task<(string Status, string? Error)> StatusAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        var experiment = (await http.GetFromJsonAsync<JsonObject>($"/api/experiments/{id}", cancellationToken))!;
        return (experiment["status"]!.GetValue<string>(), experiment["error"]?.GetValue<string>());
    }

    /// <summary>The machine's 1, 5 and 15 minute load averages (Linux), so that a figure comes with how busy the cores were.</summary>
    internal static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
}
