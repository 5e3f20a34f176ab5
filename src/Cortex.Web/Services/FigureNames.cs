namespace Cortex.Web.Services;

/// <summary>
/// What an experiment's summary figures are called where people read them (the Results tab, an export's
/// figures.csv): "Source probability before, CNN evaluator" for the stored key <c>codebook.cnn.source_prob_before</c>.
/// The keys stay as they are for scripts.
/// </summary>
public static class FigureNames
{
    public static string Describe(string key) => key.Split('.') switch
    {
        ["extractor", "val_accuracy"] => "Extractor accuracy on the validation split",
        ["extractor", "test_accuracy"] => "Extractor accuracy on the test split",
        ["tis", "completeness_error"] => "TIS completeness error",
        ["codebook", var evaluator, "source_prob_before"] => $"Source probability before, {Evaluator(evaluator)}",
        ["codebook", var evaluator, "target_prob_before"] => $"Target probability before, {Evaluator(evaluator)}",
        ["codebook", var evaluator, "target_prob_after"] => $"Target probability after, {Evaluator(evaluator)}",
        ["codebook", "region_size"] => "Edited region (positions)",
        ["codebook", "steps_per_second"] => "Search speed (steps per second)",
        ["deletion_auc", var method] => $"Deletion curve area, {method}",
        ["masking", var space, var evaluator, "tis_drop"] => $"Probability drop masking the highest-TIS positions, {space} space, {Evaluator(evaluator)}",
        ["masking", var space, var evaluator, "random_drop"] => $"Probability drop masking random positions, {space} space, {Evaluator(evaluator)}",
        ["sanity", "spearman", var method] => $"Sanity check correlation (trained vs random extractor), {method}",
        ["localization", "precision", var method] => $"Localization precision, {method}",
        ["shortcut", "cliffs_delta", var background] => $"Cliff's delta on the {Words(background)} background",
        ["shortcut", "cliffs_delta_ci_low", var background] => $"Lower end of the 95% interval of Cliff's delta, {Words(background)} background",
        ["shortcut", "cliffs_delta_ci_high", var background] => $"Upper end of the 95% interval of Cliff's delta, {Words(background)} background",
        ["shortcut", "p_value", var background] => $"Permutation p-value of Cliff's delta, {Words(background)} background",
        ["shortcut", "p_value_corrected", var background] => $"Holm-corrected p-value of Cliff's delta, {Words(background)} background",
        ["shortcut", "background_fraction"] => "Share of the concept's tokens off the object",
        _ => Sentence(Words(key.Replace('.', ' '))),
    };

    // Short evaluator names are acronyms (cnn, mlp); longer ones are kept as their owner wrote them.
    static string Evaluator(string name) => $"{(name.Length <= 3 ? name.ToUpperInvariant() : name)} evaluator";

    /// <summary>"LightGreen" or "light_green" as "light green".</summary>
    static string Words(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]) ? $" {c}" : c.ToString())).Replace('_', ' ').ToLowerInvariant();

    static string Sentence(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
}
