using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;

namespace Cortex.Compute.Runs;

/// <summary>The CORTEX methods an experiment can run (METHOD.md): TIS maps, concept token sets, the codebook search, their evaluation, and a shortcut review.</summary>
public enum RunMethod { SampleLevel, ConceptLevel, CodebookLevel, Evaluation, ShortcutReview }

/// <summary>Everything one run needs besides its model: the method, its parameters and its concepts, in label order (label k is concept k).</summary>
public sealed record RunRequest(RunMethod Method, RunParameters Parameters, IReadOnlyList<RunConcept> Concepts);

/// <summary>A run's settings; the codebook search names its source and target by their index in <see cref="RunRequest.Concepts"/>.</summary>
public sealed record RunParameters
{
    public required string Extractor { get; init; }
    public required string TisMethod { get; init; }
    public required string Reduction { get; init; }
    public int ImagesPerConcept { get; init; }
    public int ExtractorEpochs { get; init; }
    public int TopN { get; init; }
    public int TokenNum { get; init; }
    public int Seed { get; init; }
    public int Steps { get; init; }
    public double LearningRate { get; init; }
    public double Temperature { get; init; }
    public int DecodeEvery { get; init; }
    public int SourceConcept { get; init; }
    public int SourceImage { get; init; }
    public int TargetConcept { get; init; }
    /// <summary>Row-major grid positions the search may change; null or empty for the whole grid.</summary>
    public IReadOnlyList<int>? Region { get; init; }
    public bool EmbeddingSpace { get; init; }
}

/// <summary>Where a concept's support images come from.</summary>
public enum ConceptOrigin
{
    /// <summary>Sampled from the model's prior for the class.</summary>
    Generated,
    /// <summary>Rendered from the built-in world and encoded.</summary>
    Encoded,
    /// <summary>Rendered on one background only (<see cref="RunConcept.Background"/>) and encoded.</summary>
    Filter,
    /// <summary>The images a person uploaded (<see cref="RunConcept.Uploaded"/>, PNG or JPEG bytes), in their order.</summary>
    Uploaded,
}

/// <param name="Uploaded">for <see cref="ConceptOrigin.Uploaded"/>, the first images of the concept (at least as many as the run asks for)</param>
public sealed record RunConcept(string Name, int ClassId, ConceptOrigin Origin, string? Background, IReadOnlyList<byte[]> Uploaded);

/// <summary>
/// A loaded model as a run uses it: the VQGM, the evaluators that judge its images, how its prior samples, and — for
/// the built-in model only — the procedural world that renders images with ground truth.
/// </summary>
public sealed record RunModel(IVqModel Model, IReadOnlyList<IEvaluator> Judges, PriorSampling Sampling, BuiltInModel? World);
