using System.Globalization;
using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>The evidence numbers of a shortcut finding, how strong they are, and what they mean.</summary>
public static class FindingEvidence
{
    public const string CliffsDeltaKey = "cliffs_delta";
    public const string BackgroundFractionKey = "background_fraction";
    public const string IntervalLowKey = "cliffs_delta_ci_low";
    public const string IntervalHighKey = "cliffs_delta_ci_high";
    public const string PValueKey = "p_value";
    public const string CorrectedPValueKey = "p_value_corrected";

    public const string CliffsDeltaHelp =
        "Cliff's delta ∈ [−1, 1]: on images of other classes, how much more often the finding's tokens appear on the flagged background than on the others. |δ| ≥ 0.33 is a medium effect, ≥ 0.47 a large one.";

    public const string BackgroundFractionHelp =
        "Share of the positions holding the finding's tokens, on the concept's own images, that lie off the object — on the background.";

    public const string IntervalHelp =
        "95% percentile bootstrap interval of Cliff's delta: both image groups resampled with replacement 2,000 times. An interval far from 0 means the effect is not an accident of which images were drawn.";

    public const string PValueHelp =
        "Permutation p-value of Cliff's delta (two-sided, 2,000 shuffles of the background labels): how often chance alone gives an effect this strong.";

    public const string CorrectedPValueHelp =
        "The p-value after Holm's correction for testing every background at once. A finding opens only when this is below 0.05 AND δ ≥ 0.33 toward the background.";

    public static double? CliffsDelta(FindingDocument finding) => Value(finding, CliffsDeltaKey);

    public static double? BackgroundFraction(FindingDocument finding) => Value(finding, BackgroundFractionKey);

    public static double? CorrectedPValue(FindingDocument finding) => Value(finding, CorrectedPValueKey);

    /// <summary>E.g. "[0.71, 0.95]"; a dash when the finding carries no interval (raised by hand, or before intervals were measured).</summary>
    public static string FormatInterval(FindingDocument finding) => Value(finding, IntervalLowKey) is { } low && Value(finding, IntervalHighKey) is { } high
        ? $"[{low.ToString("0.00", CultureInfo.InvariantCulture)}, {high.ToString("0.00", CultureInfo.InvariantCulture)}]"
        : "—";

    /// <summary>Three decimals, or "&lt; 0.001" below what 2,000 shuffles resolve.</summary>
    public static string FormatP(double? p) => p switch
    {
        null => "—",
        < 0.001 => "< 0.001",
        { } value => value.ToString("0.000", CultureInfo.InvariantCulture),
    };

    /// <summary>Effect size by the usual thresholds for Cliff's delta (Romano et al.).</summary>
    public static string Magnitude(double delta) => Math.Abs(delta) switch
    {
        >= 0.47 => "large",
        >= 0.33 => "medium",
        >= 0.147 => "small",
        _ => "negligible",
    };

    /// <summary>E.g. "0.88 (large)"; a dash for findings raised by hand, which carry no measurement.</summary>
    public static string FormatDelta(double? delta) => delta is { } d ? $"{d.ToString("0.00", CultureInfo.InvariantCulture)} ({Magnitude(d)})" : "—";

    public static string FormatFraction(double? fraction) => fraction is { } f ? f.ToString("0%", CultureInfo.InvariantCulture) : "—";

    /// <summary>The explanation of a known evidence figure; null for others.</summary>
    public static string? Help(string key) => key switch
    {
        CliffsDeltaKey => CliffsDeltaHelp,
        BackgroundFractionKey => BackgroundFractionHelp,
        IntervalLowKey or IntervalHighKey => IntervalHelp,
        PValueKey => PValueHelp,
        CorrectedPValueKey => CorrectedPValueHelp,
        _ => null,
    };

    static double? Value(FindingDocument finding, string key) => finding.Evidence.TryGetValue(key, out var value) ? value : null;
}
