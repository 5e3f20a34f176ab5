using System.CommandLine;
using System.Globalization;
using Cortex.Compute.Models;
using Cortex.Compute.Native;
using Cortex.Compute.Protocols;

namespace Cortex.Server.Cli;

/// <summary>
/// <c>cortex paper --out DIR [--model PATH] [--seed N] [--quick] [--readme FILE]</c>, and for a taming model
/// <c>--evaluator FILE… [--evaluator-config JSON…] [--config YAML] [--heads N] [--resolution PX] [--classes 3,7] [--top-k K] [--temperature T]</c>:
/// the paper's protocol end to end, written as a report.
/// </summary>
public static class PaperVerb
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory to write report.json, report.md and the figures to.", Required = true };
        var model = new Option<string>("--model")
        {
            Description = "A built-in model directory (default: the model shipped with Cortex), or a taming class-conditional transformer: "
                + "a .ckpt or .safetensors file, or a directory laid out like taming's (checkpoints/last.ckpt, configs/*-project.yaml).",
        };
        var config = new Option<string>("--config") { Description = "The taming model's YAML config (default: found beside it, else inferred from the shapes)." };
        var heads = new Option<int?>("--heads") { Description = "The taming transformer's head count (n_head), which no tensor shape holds: needed when no YAML config gives it." };
        var resolution = new Option<int?>("--resolution") { Description = "The taming model's image side in pixels (ddconfig.resolution): needed for a VQGAN alone when no YAML config gives it." };
        var evaluators = new Option<string[]>("--evaluator")
        {
            Description = "A TorchScript image classifier that judges the taming model's images (repeat for several); needed for a taming model.",
        };
        var evaluatorConfigs = new Option<string[]>("--evaluator-config")
        {
            Description = "JSON with the evaluator's name, input_size, mean, std and labels (default: torchvision's ImageNet settings); one for all or one per --evaluator.",
        };
        var classes = new Option<string>("--classes") { Description = "Comma-separated class ids of the taming prior to study, numbered as the evaluators number them (default: 0,1,2)." };
        var topK = new Option<int>("--top-k") { Description = "Sample the taming prior from its k most likely tokens (default: 0, every token)." };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature of the taming prior.", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Seed of support sets, extractors and random baselines.", DefaultValueFactory = _ => 1 };
        var quick = new Option<bool>("--quick") { Description = "Small sizes that finish in under two minutes (for tests)." };
        var readme = new Option<string>("--readme")
        {
            Description = "A README whose paper-summary block (between its two markers) is replaced with the findings generated from this run's report.",
        };
        var command = new Command("paper", "Run the CORTEX paper protocol on a built-in or taming model and write a report.")
        {
            output, model, config, heads, resolution, evaluators, evaluatorConfigs, classes, topK, temperature, seed, quick, readme,
        };
        var compute = new ComputeArguments();
        compute.AddTo(command);
        command.SetAction((result, cancellationToken) => CortexCli.Guard(async () =>
        {
            var target = OutputDirectory.Check(result.GetValue(output)!, "report.json");
            var readmeFile = result.GetValue(readme);
            // Checked before the run, which takes minutes: a README without its block is refused now.
            if (readmeFile is not null) PaperSummary.Replace(await File.ReadAllTextAsync(readmeFile, cancellationToken), "");
            var request = new TamingRequest(result.GetValue(config), result.GetValue(evaluators) ?? [], result.GetValue(evaluatorConfigs) ?? [],
                ParseClasses(result.GetValue(classes)), new PriorSampling(result.GetValue(temperature), result.GetValue(topK)),
                Given: new Option[] { config, heads, resolution, evaluators, evaluatorConfigs, classes, topK, temperature }.Any(o => result.GetResult(o) is { Implicit: false }),
                Positive(result.GetValue(heads), "--heads"), Positive(result.GetValue(resolution), "--resolution"));
            if (PriorSampling.TemperatureProblem(request.Sampling.Temperature) is { } temperatureProblem) throw new ArgumentException($"--{temperatureProblem}");
            var device = compute.Initialize(result);
            using var inputs = PaperInputs.Load(result.GetValue(model), request, device);
            var subject = inputs.Subject;
            foreach (var evaluator in subject.Evaluators.OfType<TorchScriptEvaluator>().Where(e => e.InputSizeNote is not null))
                Console.Out.WriteLine($"Evaluator '{evaluator.Name}' {evaluator.InputSizeNote}; the model's images are {subject.Model.ImageSize} px.");
            var options = result.GetValue(quick) ? PaperOptions.QuickRun(result.GetValue(seed)) : PaperOptions.Default(result.GetValue(seed));
            Console.Out.WriteLine($"Running the paper protocol on {subject.Model.Name} ({TorchRuntime.Describe(device)}, {(options.Quick ? "quick" : "default")} sizes, seed {options.Seed}).");
            var report = await ProgressConsole.RunAsync<PaperProgress, PaperResult>(
                progress => PaperProtocol.Run(subject, options, progress, cancellationToken),
                p => new ProgressConsole.View(p.Stage, p.Detail, p.Fraction, null));
            PaperReportWriter.Write(report, target);
            Console.Out.WriteLine($"Wrote {Path.Combine(target, "report.md")} in {report.Report.Timing["total"]:F0} s.");
            if (readmeFile is not null)
            {
                var source = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(readmeFile))!, target).Replace('\\', '/');
                var text = await File.ReadAllTextAsync(readmeFile, cancellationToken);
                await File.WriteAllTextAsync(readmeFile, PaperSummary.Replace(text, PaperSummary.Markdown(report.Report, source)), cancellationToken);
                Console.Out.WriteLine($"Updated the paper summary in {readmeFile}.");
            }
            foreach (var finding in report.Report.Findings) Console.Out.WriteLine($"- {finding}");
            foreach (var skipped in report.Report.Skipped ?? []) Console.Out.WriteLine($"Skipped {skipped.Protocol}: {skipped.Reason}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    static int? Positive(int? value, string name) =>
        value is null or > 0 ? value : throw new ArgumentException($"{name} must be a positive number, not {value}.");

    static IReadOnlyList<int>? ParseClasses(string? text)
    {
        if (text is null) return null;
        var ids = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new ArgumentException($"--classes takes comma-separated class ids such as 3,7; '{part}' is not one."))
            .ToList();
        if (ids.Distinct().Count() != ids.Count) throw new ArgumentException($"--classes names a class twice: {text}.");
        return ids;
    }
}
