namespace Cortex.Compute.Protocols;

/// <summary>Plain-language readings of a report's numbers, including where they contradict the paper.</summary>
public static class PaperFindings
{
    /// <summary>Spearman correlation of absolute maps at or above which a method fails the randomization check (Adebayo et al.: maps must change).</summary>
    public const double SanityThreshold = 0.3;

    public static IReadOnlyList<string> Read(PaperReport report)
    {
        var findings = new List<string>();
        var last = report.SampleLevel.N.Count - 1;
        foreach (var (space, curves) in new[] { ("pixel", report.SampleLevel.Pixel), ("token", report.SampleLevel.Token) })
        foreach (var (evaluator, drops) in curves)
        {
            var (tis, randomDrop) = (drops.TisDrop[last], drops.RandomDrop[last]);
            findings.Add($"Sample level, {space} masking, {evaluator}: masking the top {report.SampleLevel.N[last]} TIS positions lowers the true-class probability by {tis:F3}, "
                + $"{randomDrop:F3} for random positions — TIS is {(tis > randomDrop ? "more" : "not more")} faithful than random{(tis > randomDrop ? "" : ", contrary to the paper")}.");
        }
        foreach (var (space, drops) in new[] { ("pixel", report.ConceptLevel.Pixel), ("token", report.ConceptLevel.Token) })
        foreach (var (evaluator, values) in drops)
        {
            var wins = values.TisDrop.Zip(values.FrequencyDrop).Count(p => p.First > p.Second);
            findings.Add($"Concept level, {space} masking, {evaluator}: the TIS token set beats the frequency baseline at {wins} of {values.TisDrop.Count} set sizes.");
        }
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
        findings.AddRange(RandomizationReport.Findings(report.Randomization, report.Settings.TisMethod));
        for (var p = 0; p < report.CodebookLevel.Pairs.Count; p++)
        {
            var pair = report.CodebookLevel.Pairs[p];
            var gains = report.CodebookLevel.Evaluators.Select(e => $"{e.Key} {e.Value.TargetProbBefore[p]:F3} → {e.Value.TargetProbAfter[p]:F3}");
            findings.Add($"Codebook level, {pair.Source} → {pair.Target} ({pair.Kind}): target probability {string.Join(", ", gains)}.");
        }
        findings.AddRange(ShortcutReport.Findings(report.Shortcut));
        return findings;
    }
}
