using System.Globalization;
using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>The evidence numbers of a shortcut finding, how strong they are, and what they mean.</summary>
public static class FindingEvidence
{
    public const string CliffsDeltaKey = "cliffs_delta";
    public const string BackgroundFractionKey = "background_fraction";

    public const string CliffsDeltaHelp =
        "Cliff's delta ∈ [−1, 1]: on images of other classes, how much more often the finding's tokens appear on the flagged background than on the others. |δ| ≥ 0.33 is a medium effect, ≥ 0.47 a large one.";

    public const string BackgroundFractionHelp =
        "Share of the positions holding the finding's tokens, on the concept's own images, that lie off the object — on the background.";

    public static double? CliffsDelta(FindingDocument finding) => finding.Evidence.TryGetValue(CliffsDeltaKey, out var value) ? value : null;

    public static double? BackgroundFraction(FindingDocument finding) => finding.Evidence.TryGetValue(BackgroundFractionKey, out var value) ? value : null;

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
        _ => null,
    };
}
