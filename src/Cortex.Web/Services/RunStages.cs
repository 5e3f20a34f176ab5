using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>
/// The stages a run of each method goes through, in order. Progress is reported per stage (its own
/// fraction and time left), so the stages need no weights against each other.
/// </summary>
public static class RunStages
{
    public const string SupportSets = "support sets";
    public const string Extractor = "extractor";
    public const string TokenImportance = "token importance";
    public const string Images = "images";
    public const string ConceptTokenSets = "concept token sets";
    public const string CodebookSearch = "codebook search";
    public const string Masking = "masking";
    public const string DeletionCurves = "deletion curves";
    public const string SanityCheck = "sanity check";
    public const string Localization = "localization";
    public const string ShortcutReview = "shortcut review";
    /// <summary>After the last stage, while the results are written (the stored stage of a succeeded run too).</summary>
    public const string Done = "done";

    public static IReadOnlyList<string> Of(ExperimentMethod method) => method switch
    {
        ExperimentMethod.SampleLevel => [SupportSets, Extractor, TokenImportance, Images],
        ExperimentMethod.ConceptLevel => [SupportSets, Extractor, TokenImportance, Images, ConceptTokenSets],
        ExperimentMethod.CodebookLevel => [SupportSets, Extractor, CodebookSearch],
        ExperimentMethod.Evaluation => [SupportSets, Extractor, Masking, DeletionCurves, SanityCheck, Localization],
        ExperimentMethod.ShortcutReview => [SupportSets, Extractor, TokenImportance, ShortcutReview],
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
