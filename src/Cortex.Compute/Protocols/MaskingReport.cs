using System.Text.Json.Serialization;

namespace Cortex.Compute.Protocols;

/// <summary>
/// Mean drops of the evaluator's probability and logit of the true class when n positions are masked:
/// the top-n TIS positions, n random cells, and n random cells drawn from the object's cells first
/// (absent where nothing knows where the object is).
/// </summary>
public sealed record DropCurves(IReadOnlyList<double> TisDrop, IReadOnlyList<double> RandomDrop,
    IReadOnlyList<double> TisLogitDrop, IReadOnlyList<double> RandomLogitDrop)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? ObjectRandomDrop { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? ObjectRandomLogitDrop { get; init; }
}

/// <param name="N">positions masked per image</param>
/// <param name="TopN">the reference's top_n grid among <paramref name="N"/></param>
/// <param name="Images">held-out test images</param>
/// <param name="ObjectCellsPerImage">mean number of cells read as the object's, or null without a world</param>
public sealed record SampleLevelReport(IReadOnlyList<int> N, IReadOnlyList<int> TopN, int Images,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ObjectCellsPerImage,
    IReadOnlyDictionary<string, DropCurves> Pixel, IReadOnlyDictionary<string, DropCurves> Token);

/// <summary>Mean drops, indexed [top_n][token_num], of the TIS token set and of the frequency-baseline set of the same size.</summary>
public sealed record ConceptDrops(IReadOnlyList<IReadOnlyList<double>> TisDrop, IReadOnlyList<IReadOnlyList<double>> FrequencyDrop,
    IReadOnlyList<IReadOnlyList<double>> TisLogitDrop, IReadOnlyList<IReadOnlyList<double>> FrequencyLogitDrop);

/// <summary>A concept's images that built its token sets (train) and that were masked (held-out test).</summary>
public sealed record ConceptSplit(int Train, int Test);

/// <param name="SetSize">mean number of ids in the TIS set, [top_n][token_num] (fewer than token_num when fewer ids were counted)</param>
/// <param name="TisMaskedShare">mean share of the test images' cells the TIS set masks, [top_n][token_num]</param>
/// <param name="FrequencyMaskedShare">the same for the frequency-baseline set</param>
/// <param name="TokenSets">each concept's TIS set at the largest top_n, its ids best first up to the largest token_num; smaller sets are its prefixes</param>
public sealed record ConceptLevelReport(IReadOnlyList<int> TopN, IReadOnlyList<int> TokenNum,
    IReadOnlyDictionary<string, ConceptSplit> Split, int TrainImages, int TestImages,
    IReadOnlyList<IReadOnlyList<double>> SetSize, IReadOnlyList<IReadOnlyList<double>> TisMaskedShare, IReadOnlyList<IReadOnlyList<double>> FrequencyMaskedShare,
    IReadOnlyDictionary<string, ConceptDrops> Pixel, IReadOnlyDictionary<string, ConceptDrops> Token,
    IReadOnlyDictionary<string, IReadOnlyList<long>> TokenSets);

/// <summary>
/// How the object-cell baseline finds the object in generated images, and how well that reader agrees
/// with the renderer's ground truth on encoded rendered images.
/// </summary>
public sealed record ObjectCellsReport(string Method, int Images, double Precision, double Recall);
