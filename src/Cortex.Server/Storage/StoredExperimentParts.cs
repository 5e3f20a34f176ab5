using Cortex.Compute.Importance;

namespace Cortex.Server.Storage;

/// <summary>Everything an experiment's method needs besides its concepts, as stored in its document. Defaults follow METHOD.md's reference settings.</summary>
public sealed record StoredExperimentParameters
{
    public string Extractor { get; init; } = "cnn";
    public string TisMethod { get; init; } = ImportanceNames.Name(ImportanceMethod.SmoothGrad);
    public string Reduction { get; init; } = ImportanceNames.Name(Cortex.Compute.Importance.Reduction.Max);
    public int ImagesPerConcept { get; init; } = 64;
    public int ExtractorEpochs { get; init; } = 20;
    public int TopN { get; init; } = 5;
    public int TokenNum { get; init; } = 10;
    public int Seed { get; init; } = 1;
    public int Steps { get; init; } = 300;
    public double LearningRate { get; init; } = 0.01;
    public double Temperature { get; init; } = 1.0;
    public int DecodeEvery { get; init; } = 10;
    public string? SourceConceptId { get; init; }
    public int SourceImage { get; init; }
    public string? TargetConceptId { get; init; }
    public List<int>? Region { get; init; }
    public bool EmbeddingSpace { get; init; }
    /// <summary>Which workers may run it: any, cpu or gpu (<see cref="ExperimentDevices"/>).</summary>
    public string Device { get; init; } = ExperimentDevices.Any;
}

/// <summary>A codebook id and its count in a concept's token set.</summary>
public sealed record StoredTokenCount(long Token, int Count);

/// <summary>The small part of an experiment's results kept in its document; arrays and images are files.</summary>
public sealed record StoredExperimentSummary
{
    /// <summary>Named numbers, e.g. "extractor.test_accuracy" or "codebook.cnn.target_prob_after".</summary>
    public Dictionary<string, double> Figures { get; init; } = [];
    /// <summary>Per concept name: its TIS token set.</summary>
    public Dictionary<string, List<StoredTokenCount>> TokenSets { get; init; } = [];
    /// <summary>Per concept name: the frequency baseline of the same size.</summary>
    public Dictionary<string, List<StoredTokenCount>> FrequencySets { get; init; } = [];
    public List<string> Notes { get; init; } = [];
    /// <summary>What the run checked about its own trustworthiness; a failed one makes a succeeded run one with warnings.</summary>
    public List<StoredRunCheck> Checks { get; init; } = [];
}

/// <summary>
/// One thing a finished run checked about itself: what it measured (null where that came out as no number), the line it
/// was held to, and a sentence that says what passing or failing means for the results.
/// </summary>
public sealed record StoredRunCheck(string Name, bool Passed, double? Value, double Threshold, string Sentence);
