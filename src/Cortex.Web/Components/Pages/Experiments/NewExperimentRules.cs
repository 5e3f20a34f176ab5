using System.Text.RegularExpressions;
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
    // The compute side can tell apart at most as many concepts as its world has classes.
    public const int MaxConcepts = 32;
    // The server's default limits; a server configured lower still answers with its own per-field message.
    public const int MaxImagesPerConcept = 2_000;
    public const int MaxSteps = 20_000;
    public const double MaxLearningRate = 10, MinTemperature = 0.01, MaxTemperature = 100;
    public const string CodebookLevel = "codebook-level";

    static readonly IReadOnlyDictionary<ExperimentMethod, string> MethodNames = new Dictionary<ExperimentMethod, string>
    {
        [ExperimentMethod.SampleLevel] = "sample-level",
        [ExperimentMethod.ConceptLevel] = "concept-level",
        [ExperimentMethod.CodebookLevel] = CodebookLevel,
        [ExperimentMethod.Evaluation] = "evaluation",
        [ExperimentMethod.ShortcutReview] = "shortcut-review",
    };

    public static IReadOnlyList<string> Methods { get; } = [.. MethodNames.Values];

    public static readonly IReadOnlyDictionary<string, string> MethodHelp = new Dictionary<string, string>
    {
        ["sample-level"] = "TIS maps of each support image and their top tokens",
        ["concept-level"] = "the tokens that carry a concept across its whole support set",
        [CodebookLevel] = "edit a source image's tokens until the extractor sees the target concept",
        ["evaluation"] = "masking, deletion curves and sanity checks of the TIS methods",
        ["shortcut-review"] = "look for tokens of the background rather than the object",
    };

    public static readonly IReadOnlyList<string> Extractors = ["cnn", "deep-cnn", "resnet-se", "transformer"];
    public static readonly IReadOnlyList<string> TisMethods = ["gradient", "smoothgrad", "gradient-x-input", "integrated-gradients", "occlusion"];
    public static readonly IReadOnlyList<string> Reductions = ["max", "mean", "abs-max", "l2"];

    public static string MethodName(ExperimentMethod method) => MethodNames[method];

    /// <summary>Per field (JSON path), what is wrong with the request; empty when the server should accept it.</summary>
    public static Dictionary<string, string[]> Validate(ExperimentRequest request, ModelSummary? model)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);
        void Range(int value, int low, int high, string field)
        {
            if (value < low || value > high) Add(field, $"Must lie in {low}..{high}, not {value}.");
        }
        void Positive(double value, double low, double high, string field)
        {
            if (!double.IsFinite(value) || value <= 0) Add(field, $"Must be a positive number, not {value}.");
            else if (value < low || value > high) Add(field, $"Must lie in {low}..{high}, not {value}.");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) Add("name", "A name is required.");
        else if (name.Length > MaxNameLength) Add("name", $"At most {MaxNameLength} characters.");
        if (model is null) Add("modelId", "Choose a model.");

        var concepts = request.ConceptIds ?? [];
        if (concepts.Count < 2) Add("conceptIds", "Choose at least two concepts: the extractor learns to tell them apart.");
        if (concepts.Count > MaxConcepts) Add("conceptIds", $"At most {MaxConcepts} concepts.");
        if (concepts.Distinct().Count() != concepts.Count) Add("conceptIds", "Each concept may appear once.");
        if (request.Method is null || !Methods.Contains(request.Method)) Add("method", "Choose a method.");
        else if (model is not null && !model.IsBuiltIn && request.Method == "shortcut-review")
            Add("method", $"A shortcut review renders the concept on every background of the built-in world, which '{model.Name}' does not have.");
        else if (model is not null && model.Evaluators.Count == 0 && request.Method is "evaluation" or CodebookLevel)
            Add("modelId", $"{request.Method} asks evaluators to judge images, and '{model.Name}' has none: register it with a TorchScript evaluator.");

        var p = request.Parameters ?? new ExperimentParameters();
        if (!Extractors.Contains(p.Extractor)) Add("parameters.extractor", $"Choose one of {string.Join(", ", Extractors)}.");
        if (!TisMethods.Contains(p.TisMethod)) Add("parameters.tisMethod", $"Choose one of {string.Join(", ", TisMethods)}.");
        if (!Reductions.Contains(p.Reduction)) Add("parameters.reduction", $"Choose one of {string.Join(", ", Reductions)}.");
        Range(p.ImagesPerConcept, 8, MaxImagesPerConcept, "parameters.imagesPerConcept");
        Range(p.ExtractorEpochs, 1, 500, "parameters.extractorEpochs");
        Range(p.TopN, 1, 64, "parameters.topN");
        Range(p.TokenNum, 1, 1024, "parameters.tokenNum");
        Range(p.Seed, 0, int.MaxValue, "parameters.seed");

        if (request.Method == CodebookLevel)
        {
            Range(p.Steps, 1, MaxSteps, "parameters.steps");
            Range(p.DecodeEvery, 1, MaxSteps, "parameters.decodeEvery");
            Positive(p.LearningRate, 0, MaxLearningRate, "parameters.learningRate");
            Positive(p.Temperature, MinTemperature, MaxTemperature, "parameters.temperature");
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
