using System.Text.Json.Nodes;
using TorchSharp.PyBridge;

namespace Cortex.Compute.Tests.Taming;

/// <summary>The taming-tiny and evaluator-tiny files copied beside the test assembly (tests/data).</summary>
static class TamingData
{
    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "data", "taming-tiny", name);

    public static string Evaluator(string name) => Path.Combine(AppContext.BaseDirectory, "data", "evaluator-tiny", name);

    public static string VqganCkpt => File("vqgan_tiny.ckpt");
    public static string VqganSafetensors => File("vqgan_tiny.safetensors");
    public static string CinCkpt => File("cin_transformer_tiny.ckpt");
    public static string VqganYaml => File("vqgan_tiny.yaml");
    public static string CinYaml => File("cin_transformer_tiny.yaml");

    /// <summary>What the real taming code computed, by name (see tests/data/taming-tiny/README.md).</summary>
    public static IReadOnlyDictionary<string, Tensor> Reference => LazyReference.Value;

    /// <summary>The generator's record of the tiny hyperparameters.</summary>
    public static JsonNode Config => JsonNode.Parse(System.IO.File.ReadAllText(File("config.json")))!;

    static readonly Lazy<Dictionary<string, Tensor>> LazyReference = new(() => Safetensors.LoadStateDict(File("reference.safetensors")));

    /// <summary>Largest absolute difference, in float64.</summary>
    public static double MaxAbsDiff(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var difference = (actual.to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs().max();
        return difference.item<double>();
    }

    public static long[] Longs(Tensor tensor) => tensor.flatten().data<long>().ToArray();
}
