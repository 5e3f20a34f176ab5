namespace Cortex.Compute.Runs;

/// <summary>
/// The stages runs report, named once: compiled into Cortex.Compute (the runs report them) and linked into Cortex.Web
/// (the dashboard orders and shows them), since neither project may reference the other.
/// </summary>
internal static class RunStageNames
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
}
