namespace Cortex.Web.Contracts;

/// <summary>The wire names of the experiment methods, read by the API's validator, the form's select, the CLI and exports alike.</summary>
public static class ExperimentMethodNames
{
    public const string SampleLevel = "sample-level", ConceptLevel = "concept-level", CodebookLevel = "codebook-level",
        Evaluation = "evaluation", ShortcutReview = "shortcut-review";

    static readonly IReadOnlyDictionary<string, ExperimentMethod> ByName = new Dictionary<string, ExperimentMethod>
    {
        [SampleLevel] = ExperimentMethod.SampleLevel,
        [ConceptLevel] = ExperimentMethod.ConceptLevel,
        [CodebookLevel] = ExperimentMethod.CodebookLevel,
        [Evaluation] = ExperimentMethod.Evaluation,
        [ShortcutReview] = ExperimentMethod.ShortcutReview,
    };

    public static IReadOnlyList<string> All { get; } = [.. ByName.Keys];

    /// <summary>One line per method for the form: what the method shows.</summary>
    public static readonly IReadOnlyDictionary<string, string> Help = new Dictionary<string, string>
    {
        [SampleLevel] = "TIS maps of each support image and their top tokens",
        [ConceptLevel] = "the tokens that carry a concept across its whole support set",
        [CodebookLevel] = "edit a source image's tokens until the extractor sees the target concept",
        [Evaluation] = "masking, deletion curves and sanity checks of the TIS methods",
        [ShortcutReview] = "look for tokens of the background rather than the object",
    };

    public static string Name(ExperimentMethod method) => ByName.Single(m => m.Value == method).Key;

    public static bool TryParse(string? name, out ExperimentMethod method)
    {
        method = default;
        return name is not null && ByName.TryGetValue(name, out method);
    }
}
