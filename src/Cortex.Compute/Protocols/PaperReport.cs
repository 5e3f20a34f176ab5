using System.Text.Json.Serialization;

namespace Cortex.Compute.Protocols;

/// <summary>
/// Everything <c>cortex paper</c> measured; serialized as report.json (snake_case). The parts that need
/// ground truth are absent (not null) for a model without it, and <see cref="Skipped"/> says why.
/// </summary>
public sealed record PaperReport
{
    public required ModelSummary Model { get; init; }
    public required PaperSettings Settings { get; init; }
    public required IReadOnlyList<ExtractorReport> Extractors { get; init; }
    /// <summary>Sample-level masking per extractor (keyed by architecture).</summary>
    public required IReadOnlyDictionary<string, SampleLevelReport> SampleLevel { get; init; }
    /// <summary>Concept-level masking per extractor (keyed by architecture).</summary>
    public required IReadOnlyDictionary<string, ConceptLevelReport> ConceptLevel { get; init; }
    /// <summary>How well the object cells of the object-cell random baseline are read, or null without a world.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ObjectCellsReport? ObjectCells { get; init; }
    public required IReadOnlyDictionary<string, double> DeletionAuc { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocalizationStudy? Localization { get; init; }
    public required CompletenessReport IgCompleteness { get; init; }
    public required SanityReport Sanity { get; init; }
    public required RandomizationReport Randomization { get; init; }
    public required CodebookLevelReport CodebookLevel { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ShortcutReport? Shortcut { get; init; }
    public required IReadOnlyDictionary<string, double> Timing { get; init; }
    public required IReadOnlyList<string> Findings { get; init; }

    /// <summary>The concepts chosen from the prior's classes, or null for a built-in world, which studies every class.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PaperConcept>? Concepts { get; init; }

    /// <summary>The protocols that did not run and why, or null when every one ran.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SkippedProtocol>? Skipped { get; init; }
}

public sealed record SkippedProtocol(string Protocol, string Reason);

public sealed record ModelSummary(string Name, int ImageSize, int GridSize, int CodebookSize, int EmbeddingDim, IReadOnlyList<string> Evaluators);

public sealed record PaperSettings(int Seed, bool Quick, int GeneratedPerClass, int EncodedPerClass, string TisMethod, string Reduction,
    int SmoothGradSamples, string PrimaryExtractor);

public sealed record ExtractorReport(string Arch, double ValAccuracy, double TestAccuracy, int Epochs);

public sealed record LocalizationReport(int K, int Images, IReadOnlyDictionary<string, double> Precision, double RandomPrecision);

public sealed record SanityReport(string Extractor, int Images, IReadOnlyDictionary<string, double> SpearmanTrainedVsRandom);

