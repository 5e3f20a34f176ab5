using System.Globalization;
using Cortex.Server.Storage;

namespace Cortex.Server.Experiments;

/// <summary>
/// What every run checks about itself once its numbers are in (see <see cref="StoredRunCheck"/>). Each rule reads the
/// figures the run reports in its summary, so a check can never disagree with the number a reader sees beside it,
/// and applies only where the method produced those figures.
/// </summary>
public static class RunChecks
{
    /// <summary>The extractor must beat chance in a one-sided binomial test at this level.</summary>
    public const double Significance = 0.05;
    /// <summary>Evaluators whose target probabilities after an edit lie further apart than this disagree (they then fall on both sides of 0.5).</summary>
    public const double EvaluatorSpread = 0.5;
    /// <summary>A masking drop within ± this much has no sign: evaluators disagree only when one drops and another rises beyond it.</summary>
    public const double DropDeadZone = 0.01;
    /// <summary>Integrated gradients' relative completeness error may be at most this.</summary>
    public const double CompletenessTolerance = 0.05;
    /// <summary>Every evaluator must give the source image its own class at least this probability before an edit.</summary>
    public const double Recognised = 0.5;

    /// <param name="classes">the concepts the extractor tells apart</param>
    /// <param name="heldOutAccuracy">its accuracy on the <paramref name="heldOut"/> images of its test split</param>
    public static List<StoredRunCheck> Of(int classes, double heldOutAccuracy, int heldOut, IReadOnlyDictionary<string, double> figures)
    {
        var checks = new List<StoredRunCheck>();
        if (classes >= 2 && heldOut > 0) checks.Add(ExtractorAboveChance(heldOutAccuracy, heldOut, classes));
        if (figures.TryGetValue("tis.completeness_error", out var error)) checks.Add(Completeness(error));
        if (PerEvaluator(figures, "codebook.", ".source_prob_before") is { Count: > 0 } before) checks.Add(SourceRecognised(before));
        if (PerEvaluator(figures, "codebook.", ".target_prob_after") is { Count: >= 2 } after) checks.Add(EditAgreement(after));
        foreach (var space in new[] { "pixel", "token" })
            if (PerEvaluator(figures, $"masking.{space}.", ".tis_drop") is { Count: >= 2 } drops) checks.Add(MaskingAgreement(space, drops));
        return checks;
    }

    /// <summary>Held-out accuracy against chance (1/classes): one-sided binomial test, passing when p &lt; <see cref="Significance"/>.</summary>
    public static StoredRunCheck ExtractorAboveChance(double accuracy, int heldOut, int classes)
    {
        var chance = 1.0 / classes;
        var correct = (int)Math.Round(accuracy * heldOut);
        var p = Binomial.UpperTail(correct, heldOut, chance);
        var passed = p < Significance;
        var measured = F($"The extractor got {correct} of {heldOut} held-out images right ({accuracy:0.00}) where chance is {chance:0.00} ({classes} concepts)");
        var needed = Binomial.FewestBeyondChance(heldOut, chance, Significance);
        var sentence = passed
            ? F($"{measured}: it beats chance (one-sided binomial test p = {p:0.####} < {Significance}).")
            : F($"{measured}: that does not beat chance (one-sided binomial test p = {p:0.###} ≥ {Significance}). ") + (needed is { } k
                ? F($"At least {k} of {heldOut} would. Its TIS maps, token sets and edits explain a classifier that has not been shown to tell the concepts apart.")
                : F($"{heldOut} held-out images are too few for any result to beat chance; give the concepts more images."));
        return new StoredRunCheck("extractor-above-chance", passed, p, Significance, sentence);
    }

    /// <summary>Integrated gradients' relative completeness error (mean |Σ attribution − logit gain| / mean |logit gain|), passing up to <see cref="CompletenessTolerance"/>.</summary>
    public static StoredRunCheck Completeness(double error)
    {
        var passed = error <= CompletenessTolerance;
        var sentence = !double.IsFinite(error)
            ? "Integrated gradients' completeness error came out as no number, so nothing shows that its attributions add up to the logit gain."
            : passed
                ? F($"Integrated gradients' attributions add up to the extractor's logit gain within {error:0.0%} (at most {CompletenessTolerance:0%}).")
                : F($"Integrated gradients' attributions miss the extractor's logit gain by {error:0.0%} (more than {CompletenessTolerance:0%}): its path is too coarse for this extractor, so the maps are not the complete attribution the method promises.");
        return new StoredRunCheck("ig-completeness", passed, Finite(error), CompletenessTolerance, sentence);
    }

    /// <summary>Every evaluator's probability of the source's own class before the edit, passing when the least is at least <see cref="Recognised"/>.</summary>
    public static StoredRunCheck SourceRecognised(IReadOnlyDictionary<string, double> sourceBefore)
    {
        var least = sourceBefore.MinBy(e => e.Value);
        var passed = least.Value >= Recognised;
        var sentence = passed
            ? F($"Every evaluator recognised the source image before the edit (its own class at least {least.Value:0.00}, {least.Key}).")
            : F($"Before the edit, the source image's own class got {Listed(sourceBefore.Where(e => !(e.Value >= Recognised)))} (less than {Recognised}): an evaluator that does not recognise the source cannot show that the edit moved it, so the edit explains nothing to it.");
        return new StoredRunCheck("source-recognised", passed, Finite(least.Value), Recognised, sentence);
    }

    /// <summary>The spread of the evaluators' target probabilities after the edit, passing up to <see cref="EvaluatorSpread"/>.</summary>
    public static StoredRunCheck EditAgreement(IReadOnlyDictionary<string, double> targetAfter)
    {
        var spread = targetAfter.Values.Max() - targetAfter.Values.Min();
        var passed = spread <= EvaluatorSpread;
        var sentence = passed
            ? F($"The evaluators agree on the edit within {EvaluatorSpread}: after it they give the target {Listed(targetAfter)}.")
            : F($"The evaluators disagree on the edit: after it they give the target {Listed(targetAfter)}, {spread:0.00} apart (more than {EvaluatorSpread}). Whether the edit reached the target depends on who judges it.");
        return new StoredRunCheck("evaluators-agree-on-edit", passed, Finite(spread), EvaluatorSpread, sentence);
    }

    /// <summary>
    /// Whether the evaluators agree on the sign of the probability drop after masking the highest-TIS positions: the value is
    /// how far the weaker side goes (the smaller of the largest drop and the largest rise), failing beyond <see cref="DropDeadZone"/>.
    /// </summary>
    public static StoredRunCheck MaskingAgreement(string space, IReadOnlyDictionary<string, double> drops)
    {
        var conflict = Math.Max(0, Math.Min(drops.Values.Max(), -drops.Values.Min()));
        var passed = conflict <= DropDeadZone;
        var sentence = passed
            ? F($"The evaluators agree on the sign of the drop after masking the highest-TIS positions ({space} space): {Listed(drops)}.")
            : F($"Masking the highest-TIS positions ({space} space) lowers the target probability for {Listed(drops.Where(d => d.Value > DropDeadZone))} but raises it for {Listed(drops.Where(d => d.Value < -DropDeadZone), negate: true)}: the evaluators disagree on whether TIS found what the class rests on.");
        return new StoredRunCheck($"evaluators-agree-on-masking-{space}", passed, Finite(conflict), DropDeadZone, sentence);
    }

    /// <summary>Evaluator name → figure, for figures named prefix + evaluator + suffix.</summary>
    static Dictionary<string, double> PerEvaluator(IReadOnlyDictionary<string, double> figures, string prefix, string suffix) =>
        figures.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && f.Key.EndsWith(suffix, StringComparison.Ordinal) && f.Key.Length > prefix.Length + suffix.Length)
            .ToDictionary(f => f.Key[prefix.Length..^suffix.Length], f => f.Value);

    static string Listed(IEnumerable<KeyValuePair<string, double>> values, bool negate = false) =>
        string.Join(", ", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => F($"{v.Key} {(negate ? -v.Value : v.Value):0.00}")));

    static double? Finite(double value) => double.IsFinite(value) ? value : null;

    static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
