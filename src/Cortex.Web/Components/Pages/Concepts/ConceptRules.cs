using Cortex.Web.Contracts;
using Cortex.Web.Services;

namespace Cortex.Web.Components.Pages.Concepts;

/// <summary>
/// The server's rules for a concept request, checked in the browser first so a form can name the
/// faulty field at once. Errors are keyed by the same JSON paths the service uses, so client and
/// server messages land next to the same fields.
/// </summary>
public static class ConceptRules
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4_000;

    public static readonly IReadOnlyList<string> Sources = ["generated", "encoded", "filter", "uploaded"];

    /// <summary>The largest image file the dashboard reads (Cortex.Compute's <c>ImageImport.MaxBytes</c>, which this project cannot reference).</summary>
    public const long MaxImageBytes = 10 << 20;

    /// <summary>The most files one drop or pick takes in.</summary>
    public const int MaxFilesPerDrop = 100;

    /// <summary>The world's backgrounds (Cortex.Compute's <c>Background</c> enum, which this project cannot reference).</summary>
    public static readonly IReadOnlyList<string> Backgrounds = ["Grey", "Beige", "LightBlue", "LightGreen"];

    /// <summary>The fields a concept form shows; errors for other keys are shown apart from the fields.</summary>
    public static readonly IReadOnlyList<string> Fields = ["name", "description", "modelId", "source", "className", "background"];

    public static Dictionary<string, string[]> Validate(ConceptRequest request, ModelSummary? model, IEnumerable<ConceptDocument> others)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors["name"] = ["A name is required."];
        else if (name.Length > MaxNameLength) errors["name"] = [$"At most {MaxNameLength} characters."];
        else if (others.Any(c => c.Name == name)) errors["name"] = [$"A concept named '{name}' exists."];
        if ((request.Description?.Length ?? 0) > MaxDescriptionLength) errors["description"] = [$"At most {MaxDescriptionLength} characters."];
        if (model is null) errors["modelId"] = ["Choose a model."];
        if (request.Source is null || !Sources.Contains(request.Source)) errors["source"] = ["Choose how the support set is made: generated, encoded, filter or uploaded."];
        else if (model is not null && !SourcesOf(model).Contains(request.Source)) errors["source"] = [$"Model '{model.Name}' supports the sources {string.Join(", ", SourcesOf(model))}."];
        // Uploaded images need not show a world class; every other source draws its images from one.
        var classOptional = request.Source == "uploaded" && string.IsNullOrEmpty(request.ClassName);
        if (model is not null && !classOptional && (request.ClassName is null || !model.Classes.Contains(request.ClassName))) errors["className"] = ["Choose one of the model's classes."];
        if (request.Source == "filter" && (request.Background is null || !Backgrounds.Contains(request.Background)))
            errors["background"] = [$"A filter needs a background: one of {string.Join(", ", Backgrounds)}."];
        return errors;
    }

    /// <summary>The sources a model supports: rendered images exist only in the built-in world, and generating needs a prior.</summary>
    public static IReadOnlyList<string> SourcesOf(ModelSummary? model) => model?.Sources is { Count: > 0 } sources ? sources : Sources;

    /// <summary>The request that leaves a concept as it is, for an edit form to start from.</summary>
    public static ConceptRequest ToRequest(ConceptDocument concept, ModelSummary? model) => new()
    {
        Name = concept.Name,
        Description = concept.Description,
        ModelId = concept.ModelId,
        Source = ConceptLabels.Source(concept.Source),
        ClassName = ConceptLabels.ClassName(concept, model),
        Background = concept.Background,
    };
}
