namespace Cortex.Web.Contracts;

/// <summary>
/// The few numbers the runs table ranks experiments by, taken from a summary's figures. Kept on the stored document (see
/// the server's stored experiment) so that the database sorts and filters by them; null where a run has no such figure.
/// </summary>
/// <param name="TargetProbability">Codebook level: the target concept's probability after the edit, averaged over the evaluators.</param>
/// <param name="DeletionAuc">Evaluation: the deletion curve's area for the run's TIS method (the smallest area when that method has none).</param>
/// <param name="MaskingDrop">Evaluation: the probability drop masking the highest-TIS positions at the largest n, token space, averaged over the evaluators.</param>
/// <param name="CliffsDelta">Shortcut review: Cliff's δ of the background with the largest |δ|.</param>
public sealed record RunHeadline(double? TargetProbability, double? DeletionAuc, double? MaskingDrop, double? CliffsDelta)
{
    /// <param name="figures">a run summary's figures; null for a run without results</param>
    public static RunHeadline? Of(IReadOnlyDictionary<string, double>? figures, string? tisMethod)
    {
        if (figures is null) return null;
        var deletion = Matching(figures, "deletion_auc.", "");
        return new RunHeadline(
            Mean(Matching(figures, "codebook.", ".target_prob_after")),
            figures.TryGetValue($"deletion_auc.{tisMethod}", out var own) ? own : deletion.Count > 0 ? deletion.Min() : null,
            Mean(Matching(figures, "masking.token.", ".tis_drop")),
            Matching(figures, "shortcut.cliffs_delta.", "") is { Count: > 0 } deltas ? deltas.MaxBy(Math.Abs) : null);
    }

    /// <summary>The figures named <paramref name="prefix"/>, one more dot-free name, then <paramref name="suffix"/>.</summary>
    static List<double> Matching(IReadOnlyDictionary<string, double> figures, string prefix, string suffix) =>
        [.. figures.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && f.Key.EndsWith(suffix, StringComparison.Ordinal)
            && !f.Key[prefix.Length..^suffix.Length].Contains('.')).Select(f => f.Value)];

    static double? Mean(List<double> values) => values.Count > 0 ? Math.Round(values.Average(), 4) : null;
}
