using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;

namespace Cortex.Compute.Protocols;

/// <summary>Sizes of the paper protocol. <see cref="Default"/> fits 15 minutes on two CPU cores; <see cref="Quick"/> two.</summary>
public sealed record PaperOptions
{
    public int Seed { get; init; } = 1;
    public bool Quick { get; init; }
    public int GeneratedPerClass { get; init; } = 120;
    public int EncodedPerClass { get; init; } = 40;
    public IReadOnlyList<ExtractorArchitecture> Architectures { get; init; } = [ExtractorArchitecture.Cnn, ExtractorArchitecture.DeepCnn, ExtractorArchitecture.ResNetSe, ExtractorArchitecture.Transformer];
    public ExtractorTrainingOptions ExtractorTraining { get; init; } = new();
    /// <summary>The TIS method and reduction of the masking tables (the reference's).</summary>
    public ImportanceOptions Importance { get; init; } = new();
    /// <summary>Positions masked per image at sample level, besides the <see cref="TopN"/> grid.</summary>
    public IReadOnlyList<int> MaskingN { get; init; } = [0, 2, 4, 6, 8, 12, 16];
    /// <summary>The reference's top_n grid: positions masked per image at sample level, TIS positions counted per image at concept level.</summary>
    public IReadOnlyList<int> TopN { get; init; } = [1, 5, 10, 20];
    public int ConceptTopN { get; init; } = 5;
    /// <summary>The reference's token_num grid: ids in a concept's token set (an 8×8 grid holds 64 cells, so large sets mask most of an image).</summary>
    public IReadOnlyList<int> TokenNum { get; init; } = [1, 3, 5, 10, 20, 50, 100];
    public int DeletionImages { get; init; } = 96;
    public int DeletionPoints { get; init; } = 16;
    public int LocalizationK { get; init; } = 4;
    /// <summary>Test images of the whole-network randomization check, for every architecture.</summary>
    public int SanityImages { get; init; } = 64;
    /// <summary>Test images of each cascading randomization step: one TIS pass per layer, method and architecture.</summary>
    public int CascadeImages { get; init; } = 16;
    /// <summary>
    /// Source images per codebook-level pair, all edited in one batched search per method. On two CPU cores a
    /// step costs about B times one image's (the extractor's convolutions dominate), so 4 images × 5,000 steps of
    /// both searches on three pairs is what fits the stage's 300 s; a GPU takes many more at little extra cost.
    /// </summary>
    public int CodebookImagesPerPair { get; init; } = 4;
    /// <summary>Generated images of the source class the sources are chosen from.</summary>
    public int CodebookCandidates { get; init; } = 48;
    /// <summary>A candidate is recognised when every evaluator gives its class at least this probability.</summary>
    public double CodebookRecognised { get; init; } = 0.9;
    /// <summary>The reference's 5,000 steps per source image.</summary>
    public int CodebookSteps { get; init; } = 5000;
    public double CodebookLearningRate { get; init; } = 0.01;
    public double CodebookEmbeddingLearningRate { get; init; } = 0.01;
    public double CodebookTemperature { get; init; } = 1.0;
    public int CodebookDecodeEvery { get; init; } = 100;
    /// <summary>
    /// Region of a fine-grained edit: this many of the source image's top TIS positions for f_target − f_source
    /// (<see cref="CodebookRegions"/>). Measured on the shipped model at 5,000 steps: 12 holds 88 % of the green
    /// circle's marking cells and both searches flip that pair; 9 holds 75 % and the Gumbel search stops at a mean
    /// target of 0.50 under the cnn evaluator.
    /// </summary>
    public int CodebookRegionSize { get; init; } = 12;
    public int ShortcutImages { get; init; } = 240;
    public int Figures { get; init; } = 6;

    public static PaperOptions Default(int seed = 1) => new() { Seed = seed, ExtractorTraining = new ExtractorTrainingOptions { Seed = seed } };

    public static PaperOptions QuickRun(int seed = 1) => new()
    {
        Seed = seed,
        Quick = true,
        GeneratedPerClass = 24,
        EncodedPerClass = 8,
        ExtractorTraining = new ExtractorTrainingOptions { Seed = seed, MaxEpochs = 4, Width = 32 },
        Importance = new ImportanceOptions { SmoothGradSamples = 8 },
        MaskingN = [0, 4, 8],
        TopN = [1, 5],
        TokenNum = [1, 5, 20],
        DeletionImages = 16,
        DeletionPoints = 4,
        SanityImages = 16,
        CascadeImages = 4,
        CodebookImagesPerPair = 2,
        CodebookCandidates = 6,
        CodebookSteps = 30,
        CodebookDecodeEvery = 10,
        ShortcutImages = 48,
        Figures = 3,
    };

    /// <summary>Sample level's n: <see cref="MaskingN"/> and <see cref="TopN"/>, ascending.</summary>
    public IReadOnlyList<int> SampleN => MaskingN.Union(TopN).Order().ToList();

    public void Validate()
    {
        if (GeneratedPerClass < 8) throw new ArgumentException($"GeneratedPerClass must be at least 8 (to split train/val/test), not {GeneratedPerClass}.");
        if (EncodedPerClass < 1) throw new ArgumentException($"EncodedPerClass must be at least 1, not {EncodedPerClass}.");
        if (Architectures.Count == 0) throw new ArgumentException("At least one extractor architecture is needed.");
        if (TopN.Count == 0 || TopN.Any(n => n < 1)) throw new ArgumentException($"TopN needs at least one value, each at least 1; got [{string.Join(", ", TopN)}].");
        if (TokenNum.Count == 0 || TokenNum.Any(n => n < 1)) throw new ArgumentException($"TokenNum needs at least one value, each at least 1; got [{string.Join(", ", TokenNum)}].");
        if (CodebookSteps < 1) throw new ArgumentException($"CodebookSteps must be at least 1, not {CodebookSteps}.");
        if (CodebookImagesPerPair < 1 || CodebookCandidates < CodebookImagesPerPair)
            throw new ArgumentException($"CodebookImagesPerPair ({CodebookImagesPerPair}) must be at least 1 and at most CodebookCandidates ({CodebookCandidates}).");
        ExtractorTraining.Validate();
        Importance.Validate();
    }
}

/// <summary>A progress report of the paper protocol: the stage and the run's overall fraction done.</summary>
public sealed record PaperProgress(string Stage, double Fraction, string Detail);
