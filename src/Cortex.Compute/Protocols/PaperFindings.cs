namespace Cortex.Compute.Protocols;

/// <summary>Plain-language readings of a report's numbers, including where they contradict the paper.</summary>
public static class PaperFindings
{
    /// <summary>Spearman correlation of absolute maps at or above which a method fails the randomization check (Adebayo et al.: maps must change).</summary>
    public const double SanityThreshold = 0.3;

    public static IReadOnlyList<string> Read(PaperReport report)
    {
        var findings = new List<string>();
        findings.AddRange(MaskingFindings.Read(report));
        var random = report.DeletionAuc["random"];
        var best = report.DeletionAuc.Where(p => p.Key != "random").MinBy(p => p.Value);
        var losers = report.DeletionAuc.Where(p => p.Key != "random" && p.Value >= random).Select(p => p.Key).ToList();
        findings.Add($"Deletion: {best.Key} has the lowest area ({best.Value:F3} vs {random:F3} for random order)"
            + (losers.Count > 0 ? $"; {string.Join(", ", losers)} do no better than random." : "; every method beats random order."));
        if (report.Localization is { } localization)
        {
            var localized = localization.Precision.Where(p => p.Value > localization.RandomPrecision).Select(p => p.Key).ToList();
            findings.Add($"Localization: top-{localization.K} precision beats random placement ({localization.RandomPrecision:F3}) for "
                + (localized.Count > 0 ? string.Join(", ", localized) : "no method") + ".");
        }
        findings.AddRange(AttributionQualitySection.Findings(report));
        findings.AddRange(RandomizationReport.Findings(report.Randomization, report.Settings.TisMethod));
        findings.AddRange(CodebookFindings.Read(report.CodebookLevel));
        findings.AddRange(ShortcutReport.Findings(report.Shortcut));
        return findings;
    }
}
