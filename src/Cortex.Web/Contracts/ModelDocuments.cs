namespace Cortex.Web.Contracts;

/// <summary>A TorchScript evaluator file and its optional JSON settings, relative to the models directory.</summary>
public sealed record EvaluatorFile(string Path, string? Config);

/// <summary>An evaluator as loaded: its name, input side and how many labels it scores.</summary>
public sealed record EvaluatorFacts(string Name, int InputSize, int Labels)
{
    /// <summary>Said when no settings gave the input size and the default stands in for it; null otherwise.</summary>
    public string? InputSizeNote { get; init; }
}

/// <summary>Codebook usage on samples drawn from the model's own prior: how many entries they use and how evenly.</summary>
public sealed record SampleUsage
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

/// <summary>The body of POST /api/models: a taming checkpoint (file or directory) inside the models directory and its evaluators.</summary>
public sealed record ModelRegistration
{
    public string? Name { get; init; }
    public string? Path { get; init; }
    public string? Config { get; init; }
    /// <summary>minGPT's head count, which no tensor shape holds: needed for a transformer checkpoint without a YAML config.</summary>
    public int? Heads { get; init; }
    /// <summary>The image side in pixels, which no tensor shape holds: needed for a VQGAN checkpoint without a YAML config.</summary>
    public int? Resolution { get; init; }
    public List<EvaluatorFile>? Evaluators { get; init; }
    public double? Temperature { get; init; }
    public int? TopK { get; init; }
}

/// <summary>A file or directory of the models directory a registration may name.</summary>
public sealed record ModelsDirectoryEntry(string Path, string Kind, long Bytes);
