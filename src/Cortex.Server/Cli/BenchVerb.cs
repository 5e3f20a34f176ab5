using System.CommandLine;
using System.Text.Json;
using Cortex.Compute.Benchmarks;
using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Native;

namespace Cortex.Server.Cli;

/// <summary><c>cortex bench --out DIR [--model DIR] [--quick]</c>: measures Cortex's speed side by side with the reference algorithms.</summary>
public static class BenchVerb
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory to write bench.json to.", Required = true };
        var model = new Option<string>("--model") { Description = "Built-in model directory (default: the model shipped with Cortex)." };
        var quick = new Option<bool>("--quick") { Description = "Fewer repeats and a smaller VQGAN-size codebook (a smoke test, not a measurement)." };
        var command = new Command("bench", "Measure TIS and codebook-search speed against the reference algorithms; writes bench.json.") { output, model, quick };
        command.SetAction((result, cancellationToken) => CortexCli.Guard(async () =>
        {
            var target = OutputDirectory.Check(result.GetValue(output)!, "bench.json");
            var device = TorchRuntime.Initialize();
            using var loaded = ModelStore.Load(DefaultModel.Resolve(result.GetValue(model))).To(device);
            var options = result.GetValue(quick)
                ? new SpeedBenchmarks.Options(TisBatch: 8, SmoothGradSamples: 4, SearchSteps: 3, Repeats: 1, Quick: true)
                : new SpeedBenchmarks.Options();
            Console.Out.WriteLine($"Benchmarking on {TorchRuntime.Describe(device)}{(options.Quick ? " (quick: not a measurement)" : "")}.");
            var report = await Task.Run(() => SpeedBenchmarks.Run(loaded, device, options,
                new Progress<string>(stage => Console.Out.WriteLine($"… {stage}")), cancellationToken));
            Console.Out.WriteLine("… live streams: frame latency and compute speed with 0, 1 and 20 SignalR clients");
            var streams = await StreamBenchmark.RunAsync(result.GetValue(model), options.Quick ? 40 : 400, options.Quick ? [0, 1] : [0, 1, 20], cancellationToken);
            Directory.CreateDirectory(target);
            var path = Path.Combine(target, "bench.json");
            File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(new { report.Machine, report.Tis, report.CodebookSearch, streaming = streams, summary = report.Summary
                .Concat(streams.Select(s => $"streaming to {s.Clients} clients: frame latency p50 {s.LatencyP50Ms} ms, p95 {s.LatencyP95Ms} ms; {s.StepsPerSecond} steps/s"))
                .ToList() }, ModelCard.Json));
            File.Move(path + ".tmp", path, overwrite: true);
            foreach (var line in report.Summary) Console.Out.WriteLine(line);
            foreach (var s in streams) Console.Out.WriteLine($"streaming to {s.Clients} clients: frame latency p50 {s.LatencyP50Ms} ms, p95 {s.LatencyP95Ms} ms; {s.StepsPerSecond} steps/s");
            Console.Out.WriteLine($"Wrote {path}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
