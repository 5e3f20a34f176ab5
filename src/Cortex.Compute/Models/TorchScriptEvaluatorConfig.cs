using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Compute.Models;

/// <summary>
/// A TorchScript evaluator's settings as a JSON file, every field optional:
/// <c>{"name": "resnet50", "input_size": 224, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "labels": ["tench", …]}</c>.
/// The defaults are those of torchvision's ImageNet classifiers, the usual judges of a taming ImageNet
/// model: 224 pixels, ImageNet's mean and std, labels numbered after the outputs; the name defaults to
/// the file's name up to its first dot.
/// </summary>
public static class TorchScriptEvaluatorConfig
{
    public const int DefaultInputSize = 224;
    public static readonly IReadOnlyList<double> ImageNetMean = [0.485, 0.456, 0.406];
    public static readonly IReadOnlyList<double> ImageNetStd = [0.229, 0.224, 0.225];

    // A misspelt field would otherwise fall back to its default without a word.
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    sealed record Fields(string? Name, int? InputSize, double[]? Mean, double[]? Std, string[]? Labels);

    /// <param name="evaluator">the TorchScript file</param>
    /// <param name="config">its JSON settings, or null for the defaults</param>
    public static TorchScriptEvaluatorOptions Read(string evaluator, string? config)
    {
        var fields = config is null ? new Fields(null, null, null, null, null) : Parse(config);
        var options = new TorchScriptEvaluatorOptions(
            fields.Name ?? Path.GetFileName(evaluator).Split('.')[0],
            fields.InputSize ?? DefaultInputSize,
            fields.Mean ?? ImageNetMean,
            fields.Std ?? ImageNetStd,
            fields.Labels ?? []) { InputSizeAssumed = fields.InputSize is null };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException(config is null
                ? $"Evaluator '{evaluator}': {e.Message} (the name comes from the file's name; give another in its config)"
                : $"Evaluator config '{config}': {e.Message}", e);
        }
        return options;
    }

    static Fields Parse(string config)
    {
        var text = ConfigFile.ReadJson(config, $"Evaluator config '{config}'");
        try
        {
            return JsonSerializer.Deserialize<Fields>(text, ModelCard.Json)
                ?? throw new ModelLoadException($"Evaluator config '{config}' is empty.");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"Evaluator config '{config}' is not valid JSON of name, input_size, mean, std and labels: {e.Message}", e);
        }
    }
}
