using Cortex.Compute.Concepts;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Protocols;

namespace Cortex.Compute.Runs;

/// <summary>
/// What a run produced, as plain numbers and bytes (no tensor outlives the run): named figures, token sets,
/// the contents of its array, table and image files, and what a method measured in a shape of its own. The
/// server stores it; it decides nothing about it.
/// </summary>
public sealed record RunResult
{
    /// <summary>Named numbers, e.g. "tis.completeness_error" or "codebook.cnn.target_prob_after".</summary>
    public Dictionary<string, double> Figures { get; init; } = [];
    /// <summary>Per concept name: its TIS token set.</summary>
    public Dictionary<string, IReadOnlyList<TokenCount>> TokenSets { get; init; } = [];
    /// <summary>Per concept name: the frequency baseline of the same size.</summary>
    public Dictionary<string, IReadOnlyList<TokenCount>> FrequencySets { get; init; } = [];
    /// <summary>File name → contents: .npy arrays, .csv tables, .png figures.</summary>
    public Dictionary<string, byte[]> Files { get; init; } = [];
    public required ExtractorQuality Extractor { get; init; }
    public CodebookSearchResult? Codebook { get; init; }
    public EvaluationResult? Evaluation { get; init; }
    public ShortcutResult? Shortcut { get; init; }
}

/// <summary>How well the run's extractor tells its concepts apart, on its validation and its held-out test split.</summary>
public sealed record ExtractorQuality(string Architecture, double ValAccuracy, double TestAccuracy, int TestImages, int Epochs);

/// <summary>The codebook search's replay: the decoded frames kept (<see cref="FrameArchive"/>), and the step of the best edit.</summary>
public sealed record CodebookSearchResult(IReadOnlyList<RecordedFrame> Frames, int? BestStep);

/// <summary>One decoded step of a codebook search as kept for replay: the first source's numbers, tokens, changed cells and image.</summary>
public sealed record RecordedFrame(int Step, double Loss, double TargetProbability, IReadOnlyDictionary<string, double>? EvaluatorProbability,
    long[] Tokens, int[] Changed, byte[] Png);

/// <summary>The evaluation method's measurements on the extractor's test split; localization only where support images carry ground truth.</summary>
public sealed record EvaluationResult(SampleLevelReport Masking, IReadOnlyDictionary<string, double> DeletionAuc, IReadOnlyDictionary<string, DeletionCurve> DeletionCurves,
    SanityReport Sanity, LocalizationReport? Localization);

/// <summary>A shortcut review of the first concept: its token set and how strongly those tokens mark each background.</summary>
public sealed record ShortcutResult(IReadOnlyList<TokenCount> Tokens, ShortcutEvidence Evidence);
