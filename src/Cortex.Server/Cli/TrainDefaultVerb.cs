using System.CommandLine;
using System.Text.Json;
using Cortex.Compute.Models;
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
        var compute = new ComputeArguments();
        compute.AddTo(command);
        command.SetAction((result, cancellationToken) => CortexCli.Guard(async () =>
        {
            var target = OutputDirectory.Check(result.GetValue(output)!, ModelStore.CardFile);
            var device = compute.Initialize(result);
            var plan = (result.GetValue(quick) ? TrainingPlan.QuickPlan(result.GetValue(seed)) : TrainingPlan.Full(result.GetValue(seed))) with { Device = device };
            Console.Out.WriteLine($"Training the built-in model on {TorchRuntime.Describe(device)} ({(plan.Quick ? "quick" : "full")} plan, seed {plan.Seed}).");
            using var model = await ProgressConsole.RunAsync<TrainingProgress, BuiltInModel>(
                progress => DefaultTrainer.Train(plan, progress, cancellationToken), Describe);
            ModelStore.Save(model, target);
            Console.Out.WriteLine($"Wrote {target} in {model.Card.Training.TotalSeconds:F0} s.");
            Console.Out.WriteLine(JsonSerializer.Serialize(model.Card.Quality, ModelCard.Json));
            return ExitCodes.Success;
        }));
        return command;
    }

    static ProgressConsole.View Describe(TrainingProgress p) => new(p.Stage,
        $"{p.Stage} step {p.Step}/{p.TotalSteps}" + (double.IsFinite(p.Loss) ? $" loss {p.Loss:F4}" : ""), p.OverallFraction, p.Eta);
}
