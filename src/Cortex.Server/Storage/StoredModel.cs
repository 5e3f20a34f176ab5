namespace Cortex.Server.Storage;

/// <summary>
/// A model Cortex can explain, as the <c>models</c> collection holds it: the built-in one (registered at every start) or a
/// taming checkpoint a person registered from the models directory, with the TorchScript evaluators that judge its images.
/// Paths of registered models are relative to the models directory, so the directory can move.
/// </summary>
public sealed record StoredModel
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary><see cref="BuiltInKind"/> or <see cref="TamingKind"/>.</summary>
    public required string Kind { get; init; }
    public required string Path { get; init; }
    public string? Config { get; init; }
    /// <summary>minGPT's head count given at registration, for a transformer checkpoint without a YAML config.</summary>
    public int? Heads { get; init; }
    /// <summary>The image side given at registration, for a VQGAN checkpoint without a YAML config.</summary>
    public int? Resolution { get; init; }
    public List<StoredEvaluatorFile> Evaluators { get; init; } = [];
    /// <summary>How the prior samples support sets and card samples.</summary>
    public double Temperature { get; init; } = 1.0;
    public int TopK { get; init; }
    public string RegisteredBy { get; init; } = "";
    public DateTime RegisteredAt { get; init; }
    /// <summary>What loading the model found out; null only for documents written before Cortex recorded it.</summary>
    public StoredModelFacts? Facts { get; init; }
    /// <summary>Codebook usage on the model's own samples, once measured.</summary>
    public StoredSampleUsage? Usage { get; init; }
    /// <summary>Why usage could not be measured (no prior, or the measurement failed).</summary>
    public string? UsageNote { get; init; }

    public const string BuiltInKind = "builtin";
    public const string TamingKind = "taming";
}

/// <summary>A TorchScript evaluator file and its optional JSON settings, relative to the models directory.</summary>
public sealed record StoredEvaluatorFile(string Path, string? Config);

/// <summary>A model's sizes and abilities, read when it was loaded.</summary>
public sealed record StoredModelFacts
{
    public int ImageSize { get; init; }
    public int GridSize { get; init; }
    public int CodebookSize { get; init; }
    public int EmbeddingDim { get; init; }
    /// <summary>Parameters of the tokenizer (encoder, quantizer, decoder).</summary>
    public long Parameters { get; init; }
    /// <summary>Parameters of the class-conditional prior; 0 without one.</summary>
    public long PriorParameters { get; init; }
    public long FileBytes { get; init; }
    public bool HasPrior { get; init; }
    /// <summary>The names of the class ids concepts can name: the first evaluator's labels, as many as every evaluator scores and the prior (if any) draws; without evaluators, the prior's ids numbered.</summary>
    public List<string> Classes { get; init; } = [];
    public List<StoredEvaluatorFacts> Evaluators { get; init; } = [];
    /// <summary>Concept sources the model supports (generated, encoded, filter, uploaded).</summary>
    public List<string> Sources { get; init; } = [];
}

/// <summary>An evaluator as loaded: its name, input side and how many labels it scores.</summary>
public sealed record StoredEvaluatorFacts(string Name, int InputSize, int Labels)
{
    /// <summary>Said when no settings gave the input size and the default stands in for it; null otherwise.</summary>
    public string? InputSizeNote { get; init; }
}

/// <summary>Codebook usage on samples drawn from the model's own prior: how many entries they use and how evenly.</summary>
public sealed record StoredSampleUsage
{
    public int Samples { get; init; }
    public List<int> ClassesSampled { get; init; } = [];
    public int DistinctTokens { get; init; }
    public double Fraction { get; init; }
    /// <summary>exp(entropy) of the token histogram: the number of equally used entries with the same spread.</summary>
    public double Perplexity { get; init; }
    public double Seconds { get; init; }
    public DateTime MeasuredAt { get; init; }
}
