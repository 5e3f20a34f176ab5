using System.CommandLine;
using System.Text.Json;
using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Native;
using Cortex.Compute.Quality;

namespace Cortex.Server.Cli;

/// <summary><c>cortex model-card [--model DIR]</c>: re-measures a model's quality figures and prints them as JSON.</summary>
public static class ModelCardVerb
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Built-in model directory (default: the model shipped with Cortex)." };
        var heldOut = new Option<int>("--held-out") { Description = "Held-out rendered images to measure on.", DefaultValueFactory = _ => 1000 };
        var samples = new Option<int>("--samples-per-class") { Description = "Prior samples per class.", DefaultValueFactory = _ => 50 };
        var command = new Command("model-card", "Re-measure a model's quality figures and print them as JSON.") { model, heldOut, samples };
        var compute = new ComputeArguments();
        compute.AddTo(command);
        command.SetAction((result, cancellationToken) => CortexCli.Guard(() =>
        {
            var device = compute.Initialize(result);
            using var loaded = ModelStore.Load(DefaultModel.Resolve(result.GetValue(model))).To(device);
            var quality = ModelQuality.Measure(loaded, Positive(result.GetValue(heldOut), "--held-out"),
                Positive(result.GetValue(samples), "--samples-per-class"), loaded.Card.Training.Seed, cancellationToken);
            Console.Out.WriteLine(JsonSerializer.Serialize(quality, ModelCard.Json));
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be a positive number, not {value}.");
}
