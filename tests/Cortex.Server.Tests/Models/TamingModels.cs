using System.Text.Json;

namespace Cortex.Server.Tests.Models;

/// <summary>The tiny taming checkpoints and TorchScript evaluator of tests/data, laid out in a server's models directory as a user would copy them.</summary>
public static class TamingModels
{
    public const string Transformer = "tiny/cin_transformer_tiny.ckpt";
    public const string TransformerConfig = "tiny/cin_transformer_tiny.yaml";
    public const string Vqgan = "tiny/vqgan_tiny.ckpt";
    public const string VqganConfig = "tiny/vqgan_tiny.yaml";
    public const string Evaluator = "judges/evaluator_tiny.torchscript.pt";
    public const string EvaluatorConfig = "judges/evaluator_tiny.json";

    public static readonly string[] Labels = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>Copies the files into <paramref name="modelsDirectory"/>; evaluator-tiny reads [-1, 1] pixels as they are (mean and std 0.5) at 32×32.</summary>
    public static void CopyInto(string modelsDirectory)
    {
        foreach (var (folder, file, target) in new[]
        {
            ("taming-tiny", "cin_transformer_tiny.ckpt", Transformer), ("taming-tiny", "cin_transformer_tiny.yaml", TransformerConfig),
            ("taming-tiny", "vqgan_tiny.ckpt", Vqgan), ("taming-tiny", "vqgan_tiny.yaml", VqganConfig),
            ("evaluator-tiny", "evaluator_tiny.torchscript.pt", Evaluator),
        })
        {
            var path = Path.Combine(modelsDirectory, target);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "data", folder, file), path, overwrite: true);
        }
        File.WriteAllText(Path.Combine(modelsDirectory, EvaluatorConfig), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = "tiny", ["input_size"] = 32, ["mean"] = new[] { 0.5, 0.5, 0.5 }, ["std"] = new[] { 0.5, 0.5, 0.5 }, ["labels"] = Labels,
        }));
    }

    /// <summary>The registration body of the tiny transformer judged by the tiny evaluator.</summary>
    public static object Registration(string name = "tiny cin") => new
    {
        name, path = Transformer, config = TransformerConfig,
        evaluators = new[] { new { path = Evaluator, config = EvaluatorConfig } },
    };
}
