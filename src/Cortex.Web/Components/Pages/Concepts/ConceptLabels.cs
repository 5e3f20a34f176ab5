using Cortex.Web.Contracts;
using Cortex.Web.Services;

namespace Cortex.Web.Components.Pages.Concepts;

/// <summary>How concept pages print a concept's parts.</summary>
public static class ConceptLabels
{
    public static string Source(ConceptSource source) => source.ToString().ToLowerInvariant();

    /// <summary>The class's name when the concept's model is known, otherwise null.</summary>
    public static string? ClassName(ConceptDocument concept, ModelSummary? model) =>
        model is not null && concept.ClassId >= 0 && concept.ClassId < model.Classes.Count ? model.Classes[concept.ClassId] : null;

    /// <summary>The class's name, or its number when the model is unknown, so a row never goes blank.</summary>
    public static string Class(ConceptDocument concept, ModelSummary? model) =>
        concept.ClassId == ConceptDocument.NoClass ? "none" : ClassName(concept, model) ?? $"class {concept.ClassId}";
}
