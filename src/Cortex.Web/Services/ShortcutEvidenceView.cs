namespace Cortex.Web.Services;

/// <summary>
/// What a shortcut review compared and looked at (its <c>shortcut-evidence.json</c>): every background's statistics, and
/// example images of each group with the token set's positions; the images are the experiment's files.
/// </summary>
/// <param name="Background">The strongest background, whose images the <see cref="ShortcutExampleGroups.OnBackground"/> examples show.</param>
public sealed record ShortcutEvidenceView(string Concept, string Background, double BackgroundFraction, IReadOnlyList<BackgroundStatistics> Backgrounds,
    IReadOnlyList<ShortcutExampleView> Examples)
{
    /// <summary>How the example images' file names start, so that file lists can leave them to the evidence view.</summary>
    public const string ImagePrefix = "shortcut-example-";
}

/// <summary>One background against the others: Cliff's δ with its interval and p-values, and the two groups it compares.</summary>
/// <param name="MeanOn">Mean count of the tokens' positions per image on this background; <paramref name="MeanOff"/> on the others.</param>
public sealed record BackgroundStatistics(string Background, double Delta, double IntervalLow, double IntervalHigh, double P, double CorrectedP, bool Flagged,
    int ImagesOn, double MeanOn, int ImagesOff, double MeanOff);

/// <summary>One image the review counted: its group, class and background, where the tokens sit, and (on the concept's own images) which of those lie off the object.</summary>
public sealed record ShortcutExampleView(string Group, string Class, string Background, int GridSize, IReadOnlyList<int> Positions, IReadOnlyList<int>? OffObject, string ImageFile);

public static class ShortcutExampleGroups
{
    public const string OnBackground = "on-background";
    public const string OffBackground = "off-background";
    public const string Concept = "concept";
}
