using System.Text.RegularExpressions;
using Cortex.Compute.Importance;
using Cortex.Web.Contracts;
using Cortex.Web.Services;

namespace Cortex.Web.Components.Pages.Experiments;

/// <summary>
/// The server's rules for an experiment request, checked in the browser first so the form can name
/// each faulty field at once. Errors are keyed by the JSON paths the service uses (<c>name</c>,
/// <c>parameters.steps</c>…), so client and server messages land next to the same fields.
/// </summary>
public static partial class NewExperimentRules
{
    public const int MaxNameLength = 200;

    public static readonly IReadOnlyList<string> Extractors = ["cnn", "deep-cnn", "resnet-se", "transformer"];
    public static IReadOnlyList<string> TisMethods { get; } = TisWireNames.Methods;
    public static IReadOnlyList<string> Reductions { get; } = TisWireNames.Reductions;

    /// <summary>Per field (JSON path), what is wrong with the request; empty when the server should accept it.</summary>
    public static Dictionary<string, string[]> Validate(ExperimentRequest request, ModelSummary? model, ExperimentLimits limits)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) Add("name", "A name is required.");
        else if (name.Length > MaxNameLength) Add("name", $"At most {MaxNameLength} characters.");
        if (model is null) Add("modelId", "Choose a model.");

        var concepts = request.ConceptIds ?? [];
        if (concepts.Count < ExperimentLimits.MinConcepts) Add("conceptIds", "Choose at least two concepts: the extractor learns to tell them apart.");
        if (concepts.Count > ExperimentLimits.MaxConcepts) Add("conceptIds", $"At most {ExperimentLimits.MaxConcepts} concepts.");
        if (concepts.Distinct().Count() != concepts.Count) Add("conceptIds", "Each concept may appear once.");
        if (request.Method is null || !ExperimentMethodNames.All.Contains(request.Method)) Add("method", "Choose a method.");
        else if (model is not null && !model.IsBuiltIn && request.Method == ExperimentMethodNames.ShortcutReview)
            Add("method", $"A shortcut review renders the concept on every background of the built-in world, which '{model.Name}' does not have.");
        else if (model is not null && model.Evaluators.Count == 0 && request.Method is ExperimentMethodNames.Evaluation or ExperimentMethodNames.CodebookLevel)
            Add("modelId", $"{request.Method} asks evaluators to judge images, and '{model.Name}' has none: register it with a TorchScript evaluator.");

        var p = request.Parameters ?? new ExperimentParameters();
        if (!Extractors.Contains(p.Extractor)) Add("parameters.extractor", $"Choose one of {string.Join(", ", Extractors)}.");
        if (!TisMethods.Contains(p.TisMethod)) Add("parameters.tisMethod", $"Choose one of {string.Join(", ", TisMethods)}.");
        if (!Reductions.Contains(p.Reduction)) Add("parameters.reduction", $"Choose one of {string.Join(", ", Reductions)}.");
        var codebook = request.Method == ExperimentMethodNames.CodebookLevel;
        // The server checks the codebook numbers for every method too, but the form hides them for the others, and their defaults pass.
        foreach (var (field, problem) in limits.NumberProblems(p))
            if (codebook || !ExperimentLimits.CodebookFields.Contains(field)) Add(field, problem);

        if (codebook)
        {
            if (p.SourceConceptId is null || !concepts.Contains(p.SourceConceptId)) Add("parameters.sourceConceptId", "Choose the source among the experiment's concepts.");
            if (p.TargetConceptId is null || !concepts.Contains(p.TargetConceptId)) Add("parameters.targetConceptId", "Choose the target among the experiment's concepts.");
            else if (p.TargetConceptId == p.SourceConceptId) Add("parameters.targetConceptId", "The target must differ from the source.");
            if (p.SourceImage < 0 || p.SourceImage >= p.ImagesPerConcept) Add("parameters.sourceImage", $"Must lie in 0..{p.ImagesPerConcept - 1} (the support set's images).");
            if (p.Region is { Count: 0 }) Add("parameters.region", "The region is empty: draw at least one cell, or choose the whole grid.");
            else if (p.Region is { } region && model is not null && region.Any(r => r < 0 || r >= model.GridSize * model.GridSize))
                Add("parameters.region", $"Positions must lie in 0..{model.GridSize * model.GridSize - 1}.");
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>
    /// Server errors grouped by the form field they belong to: per-item paths such as
    /// <c>conceptIds[1]</c> belong to their list's field.
    /// </summary>
    public static Dictionary<string, string[]> ByField(IReadOnlyDictionary<string, string[]> errors) =>
        errors.GroupBy(e => ItemIndex().Replace(e.Key, ""), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"\[\d+\]$")]
    private static partial Regex ItemIndex();
}
