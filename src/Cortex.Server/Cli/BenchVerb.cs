using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Compute.Benchmarks;
using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Native;
using Cortex.Compute.Training;

namespace Cortex.Server.Cli;

/// <summary>
/// <c>cortex bench --out DIR [--model DIR] [--only PART…] [--quick] [--duration SECONDS] [--reference DIR] [--baseline FILE] [--device D] [--libtorch DIR]</c>:
/// measures Cortex's speed side by side with the reference algorithms, live streaming, the taming port at the ImageNet f16 size,
/// and (asked for by name) the server under load, train-default's wall time, and the taming fixture reproduced on the device;
/// with a baseline, each figure's ratio to the same figure of an earlier bench.json.
/// </summary>
public static class BenchVerb
{
    const string TisSearch = "tis-search";
    const string Streaming = "streaming";
    const string Taming = "taming";
    const string TamingLoad = "taming-load";
    const string Load = "load";
    const string ScalarRaceName = "scalar-race";
    const string TrainDefault = "train-default";
    const string Parity = "parity";
    const string ProbeName = "probe";
    const string RunsTablePart = "runs-table";
    const string Cluster = "cluster";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory to write bench.json to.", Required = true };
        var model = new Option<string>("--model") { Description = "Built-in model directory (default: the model shipped with Cortex)." };
        var only = new Option<string[]>("--only")
        {
            Description = $"Run only these parts: {TisSearch} (TIS and codebook search against the reference), {Streaming} (SignalR frames), "
                + $"{Taming} (VQGAN codec, cin sampling and checkpoint-load memory at the ImageNet f16 size), {TamingLoad} (only that memory), {ScalarRaceName} (how often TorchSharp's temporary Scalars are freed mid-call, against Cortex's held ones), {Load} (the server as a child process under "
                + $"{LoadBenchmark.Clients} SignalR clients and {LoadBenchmark.ApiClients} API clients, for --duration), {TrainDefault} (train-default's wall time), "
                + $"{Parity} (the taming fixture of --reference on the device and on CPU), {ProbeName} (a probe's answer time on the built-in model, per TIS method), {RunsTablePart} (the runs table's first page at 5,000 stored experiments), {Cluster} (dispatch, frame latency and experiments/hour on a "
                + $"redis-server, a head and 1 then 2 `cortex worker` processes on loopback). Default: {TisSearch}, {Streaming} and {Taming}.",
            AllowMultipleArgumentsPerToken = true,
        };
        only.AcceptOnlyFromAmong(TisSearch, Streaming, Taming, TamingLoad, ScalarRaceName, Load, TrainDefault, Parity, ProbeName, RunsTablePart, Cluster);
        var quick = new Option<bool>("--quick") { Description = "Fewer repeats and small sizes (a smoke test, not a measurement)." };
        var duration = new Option<int?>("--duration") { Description = $"Seconds the {Load} part measures for, after its warm-up (default 600; 20 with --quick)." };
        var reference = new Option<string>("--reference") { Description = $"The taming-tiny fixture folder (tests/data/taming-tiny) that the {Parity} part reproduces." };
        var baseline = new Option<string>("--baseline") { Description = "An earlier bench.json (e.g. one under docs/benchmarks): prints each figure's ratio to it, and the figures only one of the two has." };
        var command = new Command("bench", "Measure TIS, codebook-search, streaming and taming speed, or the server under load; writes bench.json.")
        {
            output, model, only, quick, duration, reference, baseline,
        };
        var compute = new ComputeArguments();
        compute.AddTo(command);
        command.SetAction((result, cancellationToken) => CortexCli.Guard(async () =>
        {
            var target = OutputDirectory.Check(result.GetValue(output)!, "bench.json");
            var parts = result.GetValue(only) is { Length: > 0 } chosen ? chosen.ToHashSet() : [TisSearch, Streaming, Taming];
            var fixture = result.GetValue(reference);
            if (parts.Contains(Parity) && string.IsNullOrWhiteSpace(fixture))
                throw new ArgumentException($"The {Parity} part needs --reference, the taming-tiny fixture folder (tests/data/taming-tiny in the repository).");
            (string Path, JsonNode Report)? earlier = result.GetValue(baseline) is { } baselinePath ? ReadBaseline(baselinePath) : null;
            var device = compute.Initialize(result);
            var isQuick = result.GetValue(quick);
            var seconds = result.GetValue(duration) ?? (isQuick ? 20 : 600);
            if (seconds <= 0) throw new ArgumentException($"--duration must be a positive number of seconds, not {seconds}.");
            var progress = new Progress<string>(stage => Console.Out.WriteLine($"… {stage}"));
            Console.Out.WriteLine($"Benchmarking on {TorchRuntime.Describe(device)}{(isQuick ? " (quick: not a measurement)" : "")}.");

            BenchReport? report = null;
            if (parts.Contains(TisSearch))
            {
                using var loaded = ModelStore.Load(DefaultModel.Resolve(result.GetValue(model))).To(device);
                var options = isQuick
                    ? new SpeedBenchmarks.Options(TisBatch: 8, SmoothGradSamples: 4, SearchSteps: 3, Repeats: 1, Quick: true, GradientPairs: 1)
                    // 32 grids leave most of a GPU idle; a concept's support set is 64 images or more.
                    : device.type == DeviceType.CUDA ? new SpeedBenchmarks.Options(TisBatch: 256) : new SpeedBenchmarks.Options();
                report = await Task.Run(() => SpeedBenchmarks.Run(loaded, device, options, progress, cancellationToken));
            }
            IReadOnlyList<StreamBenchmark.Result>? streams = null;
            if (parts.Contains(Streaming))
            {
                Console.Out.WriteLine("… live streams: frame latency and compute speed with 0, 1 and 20 SignalR clients");
                streams = await StreamBenchmark.RunAsync(result.GetValue(model), isQuick ? 40 : 400, isQuick ? [0, 1] : [0, 1, 20], cancellationToken);
            }
            TamingBench? taming = null;
            if (parts.Contains(Taming))
            {
                var size = isQuick ? TamingBenchSize.Tiny : TamingBenchSize.ImageNetF16;
                // A batch of two leaves most of a GPU idle.
                if (device.type == DeviceType.CUDA) size = size with { CodecBatch = 16, SampleImages = 16 };
                taming = await Task.Run(() => TamingBenchmarks.Run(size, device, progress, cancellationToken));
            }
            var tamingLoad = parts.Contains(TamingLoad)
                ? await Task.Run(() => TamingBenchmarks.LoadMemory(isQuick ? TamingBenchSize.Tiny : TamingBenchSize.ImageNetF16), cancellationToken)
                : null;
            var scalarRace = parts.Contains(ScalarRaceName)
                ? await Task.Run(() => ScalarRace.Run(TimeSpan.FromSeconds(isQuick ? 2 : 20), cancellationToken), cancellationToken)
                : null;
            var parity = parts.Contains(Parity) ? await Task.Run(() => DeviceParity.Run(fixture!, device), cancellationToken) : null;
            TrainingBench? training = null;
            if (parts.Contains(TrainDefault))
            {
                var stages = new Progress<TrainingProgress>(p => { if (p.Step == p.TotalSteps) Console.Out.WriteLine($"… train-default: {p.Stage} done"); });
                training = await Task.Run(() => TrainingBenchmark.Run(device, isQuick, stages, cancellationToken), cancellationToken);
            }
            ProbeBench? probe = null;
            if (parts.Contains(ProbeName))
            {
                Console.Out.WriteLine("… probes on the built-in model");
                using var loaded = ModelStore.Load(DefaultModel.Resolve(result.GetValue(model))).To(device);
                // As the server serves it: probes take input gradients only.
                loaded.Freeze();
                probe = await Task.Run(() => ProbeBenchmark.Run(loaded, isQuick ? 3 : 40, cancellationToken), cancellationToken);
            }
            var runsTable = parts.Contains(RunsTablePart)
                ? await Task.Run(() => RunsTableBenchmark.Run(isQuick ? new RunsTableBenchmark.Options(500, 3) : new RunsTableBenchmark.Options(), cancellationToken), cancellationToken)
                : null;
            LoadReport? load = null;
            if (parts.Contains(Load))
                load = await LoadBenchmark.RunAsync(result.GetValue(model), new LoadBenchmark.Options(TimeSpan.FromSeconds(seconds), isQuick), progress, cancellationToken);
            ClusterReport? cluster = null;
            if (parts.Contains(Cluster))
                cluster = await ClusterBenchmark.RunAsync(result.GetValue(model), isQuick ? ClusterBenchmark.Options.Quick : ClusterBenchmark.Options.Full, progress, cancellationToken);

            var summary = (report?.Summary ?? [])
                .Concat((streams ?? []).Select(s => $"streaming to {s.Clients} clients: frame latency p50 {s.LatencyP50Ms} ms, p95 {s.LatencyP95Ms} ms; {s.StepsPerSecond} steps/s"))
                .Concat(taming?.Summary() ?? [])
                .Concat(tamingLoad is null ? [] : [tamingLoad.Summary()])
                .Concat(scalarRace is null ? [] : [scalarRace.Summary()])
                .Concat(parity is null ? [] : [parity.Summary()])
                .Concat(training is null ? [] : [training.Summary()])
                .Concat(probe?.Summary() ?? [])
                .Concat(load?.Summary() ?? [])
                .Concat(runsTable?.Summary() ?? [])
                .Concat(cluster?.Summary() ?? [])
                .ToList();
            Directory.CreateDirectory(target);
            var path = Path.Combine(target, "bench.json");
            var written = JsonSerializer.SerializeToNode(new { Machine = BenchMachine.Of(device), report?.Tis, report?.CodebookSearch, report?.BatchedSearch,
                streaming = streams, taming, tamingLoad, scalarRace, parity, training, probe, load, runsTable, cluster, summary }, ModelCard.Json)!;
            File.WriteAllText(path + ".tmp", written.ToJsonString(ModelCard.Json));
            File.Move(path + ".tmp", path, overwrite: true);
            foreach (var line in summary) Console.Out.WriteLine(line);
            Console.Out.WriteLine($"Wrote {path}.");
            if (earlier is { } before)
            {
                Console.Out.WriteLine($"Against {before.Path} ({before.Report["machine"]?["date"]}, {before.Report["machine"]?["device"]}): this run / baseline");
                foreach (var line in BenchBaseline.Compare(before.Report, written).Lines()) Console.Out.WriteLine($"  {line}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Read before anything is measured, so that a wrong path costs nothing.</summary>
    static (string Path, JsonNode Report) ReadBaseline(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"--baseline: there is no file {path}; name an earlier bench.json, e.g. docs/benchmarks/bench-cpu-2026-11-27.json.");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) is JsonObject report
                ? (path, report)
                : throw new ArgumentException($"--baseline: {path} is not a bench.json (its JSON is not an object).");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--baseline: {path} is not valid JSON ({e.Message}).", e);
        }
    }
}
