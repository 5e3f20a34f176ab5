using static TorchSharp.torch.nn;

namespace Cortex.Compute.Extractors;

/// <summary>The information extractors Cortex offers (the paper's IEMs), over embedding grids [B, D, H, W].</summary>
public enum ExtractorArchitecture { Cnn, ResNetSe, Transformer, DeepCnn }

public static class ExtractorFactory
{
    /// <summary>Layers draw their first weights from libtorch's one global generator, which concurrent runs share.</summary>
    static readonly Lock GlobalGenerator = new();

    public static readonly IReadOnlyDictionary<string, ExtractorArchitecture> Names = new Dictionary<string, ExtractorArchitecture>
    {
        ["cnn"] = ExtractorArchitecture.Cnn,
        ["deep-cnn"] = ExtractorArchitecture.DeepCnn,
        ["resnet-se"] = ExtractorArchitecture.ResNetSe,
        ["transformer"] = ExtractorArchitecture.Transformer,
    };

    public static string Name(ExtractorArchitecture architecture) => Names.Single(n => n.Value == architecture).Key;

    public static ExtractorArchitecture Parse(string name) =>
        Names.TryGetValue(name.Trim().ToLowerInvariant(), out var architecture)
            ? architecture
            : throw new ArgumentException($"Unknown extractor architecture '{name}'; known: {string.Join(", ", Names.Keys)}.", nameof(name));

    /// <summary>A freshly initialized extractor for D-dimensional embeddings on an H×W grid and L concepts.</summary>
    public static Module<Tensor, Tensor> Create(ExtractorArchitecture architecture, int embeddingDim, int gridSize, int concepts, int width = 64) =>
        architecture switch
        {
            ExtractorArchitecture.Cnn => new CnnExtractor(embeddingDim, concepts, width),
            ExtractorArchitecture.DeepCnn => new DeepCnnExtractor(embeddingDim, gridSize, concepts, width),
            ExtractorArchitecture.ResNetSe => new ResNetSeExtractor(embeddingDim, concepts, width),
            ExtractorArchitecture.Transformer => new TransformerExtractor(embeddingDim, gridSize, concepts, width),
            _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, null),
        };

    /// <summary>
    /// <see cref="Create"/> with the global generator seeded by <paramref name="seed"/> first, as one step: two runs
    /// creating extractors at the same time would otherwise interleave their draws and neither would be reproducible.
    /// </summary>
    public static Module<Tensor, Tensor> CreateSeeded(int seed, ExtractorArchitecture architecture, int embeddingDim, int gridSize, int concepts, int width = 64)
    {
        lock (GlobalGenerator)
        {
            manual_seed(seed);
            return Create(architecture, embeddingDim, gridSize, concepts, width);
        }
    }
}
