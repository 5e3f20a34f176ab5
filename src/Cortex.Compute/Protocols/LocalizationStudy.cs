namespace Cortex.Compute.Protocols;

/// <summary>A localization figure under the lenient criterion (the patch touches the region) and the strict one (most of the patch lies inside it).</summary>
public sealed record LenientStrict(double Lenient, double Strict);

/// <summary>
/// Top-k precision of each method on the ground-truth region: lenient (<see cref="Precision"/>, kept under its
/// old name) and strict, each with its random baseline, the ceiling that the regions' size allows, and the analysis of what limits it.
/// </summary>
public sealed record LocalizationStudy(int K, int Images, IReadOnlyDictionary<string, double> Precision, double RandomPrecision,
    IReadOnlyDictionary<string, double> StrictPrecision, double StrictRandomPrecision, LenientStrict Ceiling, LocalizationAnalysis Analysis);

/// <summary>
/// Where the misses come from: per kind of region, per extractor verdict (right or wrong class), per reduction
/// over D and per k for the primary extractor, and per extractor for <see cref="Method"/>; the reduction and
/// extractor studies run on <see cref="StudyImages"/> of the images (every third).
/// </summary>
public sealed record LocalizationAnalysis(string Method, int StudyImages, IReadOnlyList<RegionLocalization> Regions, PredictionLocalization Predictions,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, LenientStrict>> Reductions, IReadOnlyList<KLocalization> ByK,
    IReadOnlyDictionary<string, LenientStrict> Extractors);

/// <summary>
/// Images whose region is the marking (fine-grained classes) or the whole object: the region's size in cells' worth of
/// pixels, how many cells it touches and how many lie mostly inside it, each method's precision, the random baseline and the ceiling.
/// </summary>
public sealed record RegionLocalization(string Region, int Images, double RegionCells, double CellsTouched, double CellsMostlyInside,
    IReadOnlyDictionary<string, LenientStrict> Precision, LenientStrict Random, LenientStrict Ceiling);

/// <summary>Each method's precision on the images the primary extractor classifies right and on those it gets wrong.</summary>
public sealed record PredictionLocalization(double Accuracy, int Correct, int Wrong,
    IReadOnlyDictionary<string, LenientStrict> CorrectPrecision, IReadOnlyDictionary<string, LenientStrict> WrongPrecision);

/// <summary>Each method's precision with k positions, and the ceiling for k.</summary>
public sealed record KLocalization(int K, IReadOnlyDictionary<string, LenientStrict> Precision, LenientStrict Ceiling);
