using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Web.Services;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cortex.Server.Cli;

/// <summary>
/// Compute on a cluster of processes on this machine: its own redis-server, a head that runs no worker of its own, and one then two
/// <c>cortex worker</c> processes. Measures queued→running dispatch, frame latency from a worker through the head to a .NET SignalR
/// client, and experiments per hour of one mix with one and with two workers.
/// </summary>
public static class ClusterBenchmark
{
    const int DecodeEvery = 25;
    const int MixSteps = 200;
    // Far more steps than a dispatch sample waits for: it is cancelled once it runs.
    const int DispatchSteps = 20_000;
    static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(2);
    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(30);

    /// <param name="DispatchSamples">Runs queued one at a time on an idle worker, each cancelled once it runs.</param>
    /// <param name="FrameSteps">Steps of the codebook-level run whose frames are timed.</param>
    /// <param name="MixSize">Experiments of the throughput mix, sample-level and codebook-level alternating.</param>
    public sealed record Options(int DispatchSamples, int FrameSteps, int MixSize)
    {
        public static Options Full { get; } = new(5, 400, 6);
        public static Options Quick { get; } = new(2, 100, 2);

        public string Mix => $"sample-level (16 images per concept, 2 extractor epochs) and codebook-level ({MixSteps} steps) alternating";
    }

    public static async Task<ClusterReport> RunAsync(string? modelDirectory, Options options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var loadBefore = LoadBenchmark.LoadAverage();
        var root = Directory.CreateTempSubdirectory("cortex-cluster-").FullName;
        try
        {
            var certificate = Path.Combine(root, "cluster.pfx");
            File.WriteAllBytes(certificate, ClusterCertVerb.Make(days: 1, password: null));
            await using var redis = await RedisProcess.StartAsync(cancellationToken);
            WorkerProcess Worker(string name) => WorkerProcess.Start(new(redis.Address, certificate, name, Path.Combine(root, name)));
            progress.Report($"cluster: redis-server on {redis.Address}, worker w1, and a head without a worker of its own");
            // First: the head is ready (/readyz) only once a worker has joined it.
            await using var first = Worker("w1");
            await using var head = await StartHeadAsync(modelDirectory, Path.Combine(root, "head"), redis.Address, certificate, first, cancellationToken);
            var clients = new BenchClients(head.Address, head.ApiKey!);
            using var http = clients.Http();
            await WaitForWorkersAsync(http, [first], cancellationToken);
            var concepts = await BenchClients.CreateConceptPairAsync(http, cancellationToken);

            progress.Report($"cluster, 1 worker: queued→running of {options.DispatchSamples} runs, one at a time");
            var dispatch = await MeasureDispatchAsync(clients, http, concepts, options.DispatchSamples, cancellationToken);
            progress.Report($"cluster, 1 worker: frame latency over a {options.FrameSteps}-step codebook run");
            var frames = await MeasureFramesAsync(clients, http, concepts, options.FrameSteps, cancellationToken);
            progress.Report($"cluster, 1 worker: {options.MixSize} runs, {options.Mix}");
            var one = await MeasureThroughputAsync(http, concepts, [first], options, cancellationToken);

            await using var second = Worker("w2");
            await WaitForWorkersAsync(http, [first, second], cancellationToken);
            // The least recently served worker gets the next run: w2 fetches the model and builds its caches before the clock starts.
            progress.Report("cluster: w2 joined; one warm-up run on it");
            await WaitForEndAsync(http, [await BenchClients.QueueSampleRunAsync(http, "cluster bench: warm-up", concepts, cancellationToken)], cancellationToken);
            progress.Report($"cluster, 2 workers: {options.MixSize} runs, {options.Mix}");
            var two = await MeasureThroughputAsync(http, concepts, [first, second], options, cancellationToken);
            return new ClusterReport(Environment.ProcessorCount, loadBefore, LoadBenchmark.LoadAverage(), dispatch, frames, [one, two]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    static async Task<ServerProcess> StartHeadAsync(string? modelDirectory, string data, string cluster, string certificate, WorkerProcess first,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(data);
        string apiKey;
        using (var database = Storage.CortexDatabase.Open(data))
            apiKey = BenchClients.CreateAccount(database);
        var settings = new Dictionary<string, string>
        {
            ["Cortex__Cluster__Address"] = cluster,
            ["Cortex__Cluster__Certificate"] = certificate,
            ["Cortex__Cluster__LocalWorker"] = "false",
            ["Cortex__Cluster__SiloPort"] = "0",
            // A new database holds no runs for workers to report back.
            ["Cortex__Cluster__ReconcileSeconds"] = "0",
            // The cap holds per machine and device: two workers on this machine's one CPU must both run.
            ["Cortex__MaxConcurrentExperiments"] = "2",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        try
        {
            return await ServerProcess.StartAsync(new ServerProcess.Options(data, apiKey, ModelDirectory: modelDirectory, Settings: settings), cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nworker {first.Name}:\n{first.OutputTail}", e);
        }
    }

    static async Task<ClusterDispatch> MeasureDispatchAsync(BenchClients clients, HttpClient http, (string Source, string Target) concepts, int samples,
        CancellationToken cancellationToken)
    {
        var (running, progressed) = (new List<double>(), new List<double>());
        await using var hub = clients.Hub();
        var watch = new ClusterWatch(hub);
        await hub.StartAsync(cancellationToken);
        for (var i = 1; i <= samples; i++)
        {
            var sent = DateTime.UtcNow;
            var id = await BenchClients.QueueCodebookRunAsync(http, $"cluster bench: dispatch {i}", concepts, DispatchSteps, DecodeEvery, cancellationToken);
            var run = watch.Of(id);
            await hub.InvokeAsync(ExperimentHubNames.Join, id, cancellationToken);
            running.Add((await run.Running.Task.WaitAsync(RunTimeout, cancellationToken) - sent).TotalMilliseconds);
            progressed.Add((await run.Progress.Task.WaitAsync(RunTimeout, cancellationToken) - sent).TotalMilliseconds);
            (await http.PostAsync($"/api/experiments/{id}/cancel", null, cancellationToken)).EnsureSuccessStatusCode();
            await run.Ended.Task.WaitAsync(RunTimeout, cancellationToken);
        }
        return new ClusterDispatch(samples, Median(running), Math.Round(running.Max(), 1), Median(progressed));
    }

    static async Task<ClusterFrames> MeasureFramesAsync(BenchClients clients, HttpClient http, (string Source, string Target) concepts, int steps,
        CancellationToken cancellationToken)
    {
        var (fromWorker, fromHead) = (new LatencyHistogram(), new LatencyHistogram());
        await using var hub = clients.Hub();
        var watch = new ClusterWatch(hub);
        hub.On<FrameMessage>(ExperimentHubNames.Frame, frame =>
        {
            var now = DateTime.UtcNow;
            fromWorker.Record((now - frame.ProducedAt).TotalMilliseconds);
            fromHead.Record((now - frame.PublishedAt).TotalMilliseconds);
        });
        await hub.StartAsync(cancellationToken);
        var id = await BenchClients.QueueCodebookRunAsync(http, "cluster bench: frames", concepts, steps, DecodeEvery, cancellationToken);
        await hub.InvokeAsync(ExperimentHubNames.Join, id, cancellationToken);
        var ended = await watch.Of(id).Ended.Task.WaitAsync(RunTimeout, cancellationToken);
        if (ended.Status != "succeeded") throw new InvalidOperationException($"The frame latency run ended {ended.Status}: {ended.Error}");
        return new ClusterFrames(steps, DecodeEvery, fromWorker.Count, fromWorker.Percentile(0.5), fromWorker.Percentile(0.95), fromHead.Percentile(0.5),
            fromHead.Percentile(0.95));
    }

    static async Task<ClusterThroughput> MeasureThroughputAsync(HttpClient http, (string Source, string Target) concepts, IReadOnlyList<WorkerProcess> workers,
        Options options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var ids = new List<string>();
        for (var i = 0; i < options.MixSize; i++)
        {
            var name = $"cluster bench: {workers.Count} workers, run {i + 1}";
            ids.Add(i % 2 == 0
                ? await BenchClients.QueueSampleRunAsync(http, name, concepts, cancellationToken)
                : await BenchClients.QueueCodebookRunAsync(http, name, concepts, MixSteps, DecodeEvery, cancellationToken));
        }
        var ended = await WaitForEndAsync(http, ids, cancellationToken, workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var byWorker = ended.GroupBy(e => e["worker"]?.GetValue<string>() ?? "none").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        return new ClusterThroughput(workers.Count, ids.Count, options.Mix, Math.Round(seconds, 1), Math.Round(ids.Count / (seconds / 3600), 1), byWorker);
    }

    /// <summary>Polls the API until every experiment ended; one that did not succeed stops the bench with its reason.</summary>
    static async Task<IReadOnlyList<JsonObject>> WaitForEndAsync(HttpClient http, IReadOnlyList<string> ids, CancellationToken cancellationToken,
        IReadOnlyList<WorkerProcess>? workers = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var experiments = new List<JsonObject>();
            foreach (var id in ids) experiments.Add((await http.GetFromJsonAsync<JsonObject>($"/api/experiments/{id}", cancellationToken))!);
            if (experiments.All(e => e["status"]!.GetValue<string>() is not ("queued" or "running")))
            {
                if (experiments.FirstOrDefault(e => e["status"]!.GetValue<string>() != "succeeded") is { } failed)
                    throw new InvalidOperationException($"Experiment {failed["name"]} ended {failed["status"]}: {failed["error"]}");
                return experiments;
            }
            if (workers?.FirstOrDefault(w => w.HasExited) is { } gone) throw new InvalidOperationException($"Worker {gone.Name} exited:\n{gone.OutputTail}");
            if (waited.Elapsed > RunTimeout) throw new TimeoutException($"The experiments did not all end within {RunTimeout.TotalMinutes} minutes.");
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Waits until the head lists every one of the workers (they joined through Redis and the head's grain).</summary>
    static async Task WaitForWorkersAsync(HttpClient http, IReadOnlyList<WorkerProcess> workers, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var listed = (await http.GetFromJsonAsync<WorkerSummary[]>("/api/workers", cancellationToken))!.Select(w => w.Name).ToHashSet();
            if (workers.All(w => listed.Contains(w.Name))) return;
            if (workers.FirstOrDefault(w => w.HasExited) is { } gone) throw new InvalidOperationException($"Worker {gone.Name} exited before it joined:\n{gone.OutputTail}");
            if (waited.Elapsed > JoinTimeout)
                throw new TimeoutException($"The head lists {string.Join(", ", listed)} after {JoinTimeout.TotalMinutes} minutes, not every worker:\n"
                    + string.Join("\n", workers.Select(w => $"{w.Name}:\n{w.OutputTail}")));
            await Task.Delay(250, cancellationToken);
        }
    }

    static double Median(List<double> values) => Math.Round(Compute.Evaluation.Statistics.Median(values), 1);
}
