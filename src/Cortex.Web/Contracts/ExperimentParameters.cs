namespace Cortex.Web.Contracts;

/// <summary>Everything an experiment's method needs besides its concepts. Defaults follow METHOD.md's reference settings.</summary>
public sealed record ExperimentParameters
{
    public string Extractor { get; init; } = "cnn";
    public string TisMethod { get; init; } = Cortex.Compute.Importance.TisWireNames.SmoothGrad;
    public string Reduction { get; init; } = Cortex.Compute.Importance.TisWireNames.Max;
    public int ImagesPerConcept { get; init; } = 64;
    public int ExtractorEpochs { get; init; } = 20;
    public int TopN { get; init; } = 5;
    public int TokenNum { get; init; } = 10;
    public int Seed { get; init; } = 1;

    /// <summary>Codebook level: optimization steps, Adam learning rate, Gumbel temperature, decode/score every k steps.</summary>
    public int Steps { get; init; } = 300;
    public double LearningRate { get; init; } = 0.01;
    public double Temperature { get; init; } = 1.0;
    public int DecodeEvery { get; init; } = 10;
    /// <summary>Codebook level: the concept and image index of the source, the target concept, and the region (row-major positions; null = whole grid).</summary>
    public string? SourceConceptId { get; init; }
    public int SourceImage { get; init; }
    public string? TargetConceptId { get; init; }
    public List<int>? Region { get; init; }
    /// <summary>Codebook level: optimize embeddings and snap, instead of the Gumbel token search.</summary>
    public bool EmbeddingSpace { get; init; }
    /// <summary>Which workers may run it (<see cref="ExperimentDevices"/>): any, only CPU ones, or only GPU ones.</summary>
    public string Device { get; init; } = ExperimentDevices.Any;
}

/// <summary>A codebook id and its count in a concept's token set.</summary>
public sealed record TokenCountEntry(long Token, int Count);

/// <summary>The small part of an experiment's results kept in its document; arrays and images are files.</summary>
public sealed record ExperimentSummary
{
    /// <summary>Named numbers, e.g. "extractor.test_accuracy" or "codebook.cnn.target_prob_after".</summary>
    public Dictionary<string, double> Figures { get; init; } = [];
    /// <summary>Per concept name: its TIS token set.</summary>
    public Dictionary<string, List<TokenCountEntry>> TokenSets { get; init; } = [];
    /// <summary>Per concept name: the frequency baseline of the same size.</summary>
    public Dictionary<string, List<TokenCountEntry>> FrequencySets { get; init; } = [];
    public List<string> Notes { get; init; } = [];
    /// <summary>What the run checked about its own trustworthiness; a failed one makes a succeeded run one with warnings.</summary>
    public List<RunCheck> Checks { get; init; } = [];
}
