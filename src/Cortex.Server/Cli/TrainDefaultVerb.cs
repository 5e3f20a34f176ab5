using System.CommandLine;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Native;
using Cortex.Compute.Training;

namespace Cortex.Server.Cli;

/// <summary><c>cortex train-default --out DIR [--seed N] [--quick]</c>: trains the built-in model and writes weights + model card.</summary>
public static class TrainDefaultVerb
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory to write the model to.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of weights and data streams.", DefaultValueFactory = _ => 1 };
        var quick = new Option<bool>("--quick") { Description = "A tiny model in under two minutes, for smoke tests (misses the quality bars)." };
        var command = new Command("train-default", "Train the built-in VQ model, its prior and evaluators on the procedural world.") { output, seed, quick };
        command.SetAction((result, cancellationToken) => CortexCli.Guard(async () =>
        {
            var target = CheckTarget(result.GetValue(output)!);
            var device = TorchRuntime.Initialize();
            var plan = (result.GetValue(quick) ? TrainingPlan.QuickPlan(result.GetValue(seed)) : TrainingPlan.Full(result.GetValue(seed))) with { Device = device };
            Console.Out.WriteLine($"Training the built-in model on {TorchRuntime.Describe(device)} ({(plan.Quick ? "quick" : "full")} plan, seed {plan.Seed}).");
            using var model = await TrainingConsole.RunAsync(progress => DefaultTrainer.Train(plan, progress, cancellationToken));
            ModelStore.Save(model, target);
            TrainingConsole.Summarize(model.Card, target);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Refuses to replace anything but an earlier model directory or an empty one.</summary>
    static string CheckTarget(string output)
    {
        var target = Path.GetFullPath(output);
        if (File.Exists(target)) throw new ArgumentException($"--out '{output}' is a file; give a directory.");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()
            && !File.Exists(Path.Combine(target, ModelStore.CardFile)))
            throw new ArgumentException($"--out '{output}' is a non-empty directory without a {ModelStore.CardFile}; refusing to replace it.");
        return target;
    }
}
