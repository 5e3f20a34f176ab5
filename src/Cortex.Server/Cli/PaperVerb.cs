using System.CommandLine;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Native;
using Cortex.Compute.Protocols;

namespace Cortex.Server.Cli;

/// <summary><c>cortex paper --out DIR [--model DIR] [--seed N] [--quick]</c>: the paper's protocol end to end, written as a report.</summary>
public static class PaperVerb
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory to write report.json, report.md and the figures to.", Required = true };
        var model = new Option<string>("--model") { Description = "Built-in model directory (default: the model shipped with Cortex)." };
        var seed = new Option<int>("--seed") { Description = "Seed of support sets, extractors and random baselines.", DefaultValueFactory = _ => 1 };
        var quick = new Option<bool>("--quick") { Description = "Small sizes that finish in under two minutes (for tests)." };
        var command = new Command("paper", "Run the CORTEX paper protocol on a built-in model and write a report.") { output, model, seed, quick };
        command.SetAction((result, cancellationToken) => CortexCli.Guard(async () =>
        {
            var target = OutputDirectory.Check(result.GetValue(output)!, "report.json");
            var device = TorchRuntime.Initialize();
            using var loaded = ModelStore.Load(DefaultModel.Resolve(result.GetValue(model))).To(device);
            var options = result.GetValue(quick) ? PaperOptions.QuickRun(result.GetValue(seed)) : PaperOptions.Default(result.GetValue(seed));
            Console.Out.WriteLine($"Running the paper protocol on {loaded.Name} ({TorchRuntime.Describe(device)}, {(options.Quick ? "quick" : "default")} sizes, seed {options.Seed}).");
            var report = await ProgressConsole.RunAsync<PaperProgress, PaperResult>(
                progress => PaperProtocol.Run(loaded, options, progress, cancellationToken),
                p => new ProgressConsole.View(p.Stage, p.Detail, p.Fraction, null));
            PaperReportWriter.Write(report, target);
            Console.Out.WriteLine($"Wrote {Path.Combine(target, "report.md")} in {report.Report.Timing["total"]:F0} s.");
            foreach (var finding in report.Report.Findings) Console.Out.WriteLine($"- {finding}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
