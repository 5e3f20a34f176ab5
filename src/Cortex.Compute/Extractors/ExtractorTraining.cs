using static TorchSharp.torch.nn;

namespace Cortex.Compute.Extractors;

/// <summary>How an extractor is trained (reference: Adam, weight decay 1e-4, step learning-rate decay).</summary>
public sealed record ExtractorTrainingOptions
{
    public int MaxEpochs { get; init; } = 40;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 1e-4;
    /// <summary>The learning rate halves every this many epochs.</summary>
    public int DecayEvery { get; init; } = 10;
    /// <summary>Training stops after this many epochs without a better validation accuracy.</summary>
    public int Patience { get; init; } = 6;
    public double ValidationFraction { get; init; } = 0.15;
    public double TestFraction { get; init; } = 0.15;
    public int Width { get; init; } = 64;
    public int Seed { get; init; } = 0;

    public void Validate()
    {
        if (MaxEpochs < 1) throw new ArgumentException($"MaxEpochs must be at least 1, not {MaxEpochs}.");
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be at least 1, not {BatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"LearningRate must be a positive number, not {LearningRate}.");
        if (!(ValidationFraction > 0 && TestFraction > 0 && ValidationFraction + TestFraction < 1))
            throw new ArgumentException("ValidationFraction and TestFraction must be positive and sum to less than 1.");
    }
}

/// <summary>An epoch's report: training loss and validation accuracy.</summary>
public sealed record ExtractorProgress(ExtractorArchitecture Architecture, int Epoch, int MaxEpochs, double TrainLoss, double ValAccuracy);

/// <summary>A trained extractor with the split it was trained on and its accuracies.</summary>
public sealed class TrainedExtractor(ExtractorArchitecture architecture, Module<Tensor, Tensor> module, int epochs,
    double valAccuracy, double testAccuracy, long[] trainIndices, long[] valIndices, long[] testIndices) : IDisposable
{
    public ExtractorArchitecture Architecture { get; } = architecture;
    public Module<Tensor, Tensor> Module { get; } = module;
    public int Epochs { get; } = epochs;
    public double ValAccuracy { get; } = valAccuracy;
    public double TestAccuracy { get; } = testAccuracy;
    public long[] TrainIndices { get; } = trainIndices;
    public long[] ValIndices { get; } = valIndices;
    public long[] TestIndices { get; } = testIndices;

    public void Dispose() => Module.Dispose();
}
