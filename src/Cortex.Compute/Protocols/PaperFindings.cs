namespace Cortex.Compute.Protocols;

/// <summary>Plain-language readings of a report's numbers, including where they contradict the paper.</summary>
public static class PaperFindings
{
    /// <summary>Spearman correlation above which a method's maps are said to fail the randomization check.</summary>
    public const double SanityThreshold = 0.5;

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
        foreach (var (method, rho) in report.Sanity.SpearmanTrainedVsRandom)
            findings.Add(rho > SanityThreshold
                ? $"Sanity check: {method} FAILS the randomization test — its maps from a re-initialized {report.Sanity.Extractor} correlate with the trained ones (Spearman {rho:F3})."
                : $"Sanity check: {method} passes the randomization test (Spearman {rho:F3} between trained and re-initialized extractor).");
        findings.AddRange(CodebookFindings.Read(report.CodebookLevel));
        if (report.Shortcut is not { } shortcut) return findings;
        findings.Add($"Shortcut: the '{shortcut.Concept}' token set marks the {shortcut.Background} background with Cliff's delta {shortcut.CliffsDelta:F3} "
            + $"({Magnitude(shortcut.CliffsDelta)}; control '{shortcut.ControlConcept}': {shortcut.ControlCliffsDelta:F3}); "
            + $"{shortcut.BackgroundFractionOfTopTokens:P0} of its token positions lie on background pixels (control: {shortcut.ControlBackgroundFraction:P0}).");
        return findings;
    }

    /// <summary>Romano et al.'s thresholds for |δ|.</summary>
    static string Magnitude(double delta) => Math.Abs(delta) switch
    {
        >= 0.474 => "large",
        >= 0.33 => "medium",
        >= 0.147 => "small",
        _ => "negligible",
    };
}
