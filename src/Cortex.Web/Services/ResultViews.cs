namespace Cortex.Web.Services;

/// <summary>
/// The TIS maps of an experiment's support images: image <c>i</c> belongs to <c>Concepts[ConceptOf[i]]</c>;
/// its grid is row-major, <c>GridSize × GridSize</c>. Images are served at
/// <c>/api/experiments/{id}/images/{i}.png</c>.
/// </summary>
public sealed record SaliencyData(string ExperimentId, int GridSize, IReadOnlyList<string> Concepts, IReadOnlyList<int> ConceptOf,
    IReadOnlyList<long[]> Tokens, IReadOnlyList<float[]> Tis)
{
    public int Count => Tokens.Count;
}

/// <summary>One stored frame of a codebook-level run: step, loss, target probabilities, tokens, changed cells and the decoded image's file name.</summary>
public sealed record StoredFrame(int Step, double Loss, double TargetProbability, IReadOnlyDictionary<string, double>? EvaluatorProbability,
    long[] Tokens, int[] Changed, string? ImageFile);

/// <summary>What the evaluation method measured (the same numbers as its evaluation.json).</summary>
public sealed record EvaluationReport(
    MaskingTable Masking,
    IReadOnlyDictionary<string, double> DeletionAuc,
    IReadOnlyDictionary<string, Curve> DeletionCurves,
    SanityCheck? Sanity,
    LocalizationTable? Localization);

/// <summary>Per evaluator, the probability drop after masking the top-n TIS positions versus n random ones, for each n.</summary>
public sealed record MaskingTable(IReadOnlyList<int> Ns, int Images, IReadOnlyDictionary<string, DropCurve> Pixel, IReadOnlyDictionary<string, DropCurve> Token);

public sealed record DropCurve(IReadOnlyList<double> TisDrop, IReadOnlyList<double> RandomDrop);

public sealed record Curve(IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>Spearman correlation per TIS method between maps of the trained and a re-initialized extractor; near 0 passes.</summary>
public sealed record SanityCheck(string Extractor, int Images, IReadOnlyDictionary<string, double> Correlation);

/// <summary>Share of each method's top-k positions on the concept's ground-truth region, next to random positions.</summary>
public sealed record LocalizationTable(int K, int Images, IReadOnlyDictionary<string, double> Precision, double Random);
