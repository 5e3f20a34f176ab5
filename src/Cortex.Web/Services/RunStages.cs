using Cortex.Compute.Runs;
using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>
/// The stages a run of each method goes through, in order. Progress is reported per stage (its own
/// fraction and time left), so the stages need no weights against each other.
/// </summary>
public static class RunStages
{
    public const string SupportSets = RunStageNames.SupportSets;
    public const string Extractor = RunStageNames.Extractor;
    public const string TokenImportance = RunStageNames.TokenImportance;
    public const string Images = RunStageNames.Images;
    public const string ConceptTokenSets = RunStageNames.ConceptTokenSets;
    public const string CodebookSearch = RunStageNames.CodebookSearch;
    public const string Masking = RunStageNames.Masking;
    public const string DeletionCurves = RunStageNames.DeletionCurves;
    public const string SanityCheck = RunStageNames.SanityCheck;
    public const string Localization = RunStageNames.Localization;
    public const string ShortcutReview = RunStageNames.ShortcutReview;
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
