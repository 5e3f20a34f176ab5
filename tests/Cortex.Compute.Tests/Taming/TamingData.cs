using System.Text.Json.Nodes;
using Cortex.Compute.Models.Taming;
using TorchSharp.PyBridge;

namespace Cortex.Compute.Tests.Taming;

/// <summary>The taming-tiny and evaluator files copied beside the test assembly (tests/data).</summary>
static class TamingData
{
    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "data", "taming-tiny", name);

    public static string Evaluator(string name, string folder = "evaluator-tiny") => Path.Combine(AppContext.BaseDirectory, "data", folder, name);

    public static string VqganCkpt => File("vqgan_tiny.ckpt");
    public static string VqganSafetensors => File("vqgan_tiny.safetensors");
    public static string CinCkpt => File("cin_transformer_tiny.ckpt");
    public static string VqganYaml => File("vqgan_tiny.yaml");
    public static string CinYaml => File("cin_transformer_tiny.yaml");

    /// <summary>What the real taming code computed, by name (see tests/data/taming-tiny/README.md).</summary>
    public static IReadOnlyDictionary<string, Tensor> Reference => LazyReference.Value;

    /// <summary>The generator's record of the tiny hyperparameters.</summary>
    public static JsonNode Config => JsonNode.Parse(System.IO.File.ReadAllText(File("config.json")))!;

    /// <summary>ddconfig.resolution: the image side.</summary>
    public static int Resolution => (int)Config["ddconfig"]!["resolution"]!;

    /// <summary>Side of the token grid (latent_hw).</summary>
    public static int LatentSide => (int)Config["latent_hw"]![0]!;

    public static int NEmbed => (int)Config["n_embed"]!;

    public static int EmbedDim => (int)Config["embed_dim"]!;

    public static int Heads => (int)Config["gpt"]!["n_head"]!;

    /// <summary>The class the reference conditioned the transformer on.</summary>
    public static int ClassLabel => (int)Config["class_label"]!;

    /// <summary>What the loader cannot read from the shapes, as the fixture's record gives it.</summary>
    public static TamingLoadOptions Unshaped => new() { Heads = Heads, Resolution = Resolution };

    /// <summary>
    /// The state-dict keys the real taming code wrote, with their shapes, from keys_&lt;<paramref name="part"/>&gt;.txt
    /// (vqgan, cin_transformer or reference): one "key, dtype, [shape]" line each, tab-separated.
    /// </summary>
    public static IReadOnlyDictionary<string, long[]> Keys(string part) =>
        System.IO.File.ReadLines(File($"keys_{part}.txt"))
            .Select(line => line.Split('\t'))
            .ToDictionary(f => f[0], f => f[2].Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray());

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
