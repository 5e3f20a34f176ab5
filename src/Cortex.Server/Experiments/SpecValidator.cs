using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.World;
using Cortex.Server.Models;
using Cortex.Server.Options;
using Cortex.Server.Services;
using Cortex.Server.Storage;

namespace Cortex.Server.Experiments;

/// <summary>
/// Checks experiment and concept requests field by field; every problem names its field (as the
/// JSON path a client sent), so the API can answer with a validation problem.
/// </summary>
public sealed class SpecValidator(CortexDatabase database, ConceptImageStore images, Microsoft.Extensions.Options.IOptions<CortexOptions> settings)
{
    /// <summary>Ids and option names are short; a longer value is refused by its length and never quoted back whole.</summary>
    public const int MaxIdLength = 64;

    readonly ExperimentLimits limits = Limits(settings.Value);

    /// <summary>The shared limits with this server's configured caps: the API refuses, and the form shows, these.</summary>
    public static ExperimentLimits Limits(CortexOptions options) => new(options.MaxSteps, options.MaxImagesPerConcept);

    public static string MethodName(ExperimentMethod method) => ExperimentMethodNames.Name(method);

    /// <summary>A new experiment in <paramref name="workspace"/>, on concepts of that workspace only.</summary>
    public (StoredExperiment? Document, Dictionary<string, string[]> Errors) Experiment(ExperimentRequest request, string user, string workspace)
    {
        var errors = new Errors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", "A name is required.");
        else if (StoredText.NameProblem(name) is { } problem) errors.Add("name", problem);

        ExperimentMethod method;
        if (!ExperimentMethodNames.TryParse(request.Method, out method))
            errors.Add("method", $"Method must be one of {string.Join(", ", ExperimentMethodNames.All)}.");

        var conceptIds = request.ConceptIds ?? [];
        if (conceptIds.Count < ExperimentLimits.MinConcepts) errors.Add("conceptIds", "At least two concepts are needed: the extractor learns to tell them apart.");
        if (conceptIds.Count > ExperimentLimits.MaxConcepts) errors.Add("conceptIds", $"At most {ExperimentLimits.MaxConcepts} concepts.");
        if (conceptIds.Distinct().Count() != conceptIds.Count) errors.Add("conceptIds", "Each concept may appear once.");
        // Past the limit the list is refused as a whole, rather than with one message per id.
        var concepts = conceptIds.Count > ExperimentLimits.MaxConcepts ? [] : conceptIds.Select(id => id is null ? null : database.Concepts.FindById(id) is { } c && c.WorkspaceId == workspace ? c : null).ToList();
        foreach (var (concept, i) in concepts.Select((c, i) => (c, i)))
            if (concept is null) errors.Add($"conceptIds[{i}]", $"Unknown concept {Quoted(conceptIds[i] ?? "")}.");

        // An experiment runs on its concepts' model unless it names one.
        var modelId = request.ModelId ?? concepts.OfType<StoredConcept>().FirstOrDefault()?.ModelId ?? ModelRegistry.BuiltInId;
        var model = database.Models.FindById(modelId);
        if (model is null) errors.Add("modelId", $"Unknown model {Quoted(modelId)}.");
        foreach (var (concept, i) in concepts.Select((c, i) => (c, i)))
            if (concept is not null && concept.ModelId != modelId)
                errors.Add($"conceptIds[{i}]", $"'{concept.Name}' is a concept of model '{concept.ModelId}', not '{modelId}'; an experiment explains one model.");

        var p = request.Parameters ?? new ExperimentParameters();
        Parameters(p, method, conceptIds, model?.Facts?.GridSize, errors);
        UploadedImages(p, concepts, errors);
        // Only an otherwise sound spec is checked against the model: then every concept, the source and the target are known.
        if (errors.Count == 0) ModelAbilities(p, method, model!, concepts.OfType<StoredConcept>().ToList(), errors);
        if (errors.Count > 0) return (null, errors.ToDictionary());
        var now = DateTime.UtcNow;
        return (new StoredExperiment
        {
            Id = Ids.New(), WorkspaceId = workspace, Name = name!, ModelId = modelId, ConceptIds = conceptIds, Method = method, Parameters = p.ToStored(),
            Status = ExperimentStatus.Queued, CreatedBy = user, CreatedAt = now, QueuedAt = now,
        }, []);
    }

    void Parameters(ExperimentParameters p, ExperimentMethod method, List<string> conceptIds, int? gridSize, Errors errors)
    {
        const string prefix = "parameters.";
        Check(p.Extractor, ExtractorFactory.Parse, prefix + "extractor", errors);
        Check(p.TisMethod, ImportanceNames.ParseMethod, prefix + "tisMethod", errors);
        Check(p.Reduction, ImportanceNames.ParseReduction, prefix + "reduction", errors);
        if (!ExperimentDevices.All.Contains(p.Device)) errors.Add(prefix + "device", $"'{p.Device}' is not a device kind; use {string.Join(", ", ExperimentDevices.All)}.");
        foreach (var (field, problem) in limits.NumberProblems(p)) errors.Add(field, problem);
        if (p.SourceImage < 0 || p.SourceImage >= p.ImagesPerConcept) errors.Add(prefix + "sourceImage", $"Must lie in 0..{p.ImagesPerConcept - 1} (the support set's images).");
        if (p.Region is { } region && gridSize is { } grid)
        {
            var cells = grid * grid;
            if (region.Count == 0) errors.Add(prefix + "region", "The region is empty; leave it out for the whole grid.");
            if (region.Distinct().Count() != region.Count) errors.Add(prefix + "region", "Each position may appear once.");
            var outside = region.Where(r => r < 0 || r >= cells).ToList();
            if (outside.Count > 0) errors.Add(prefix + "region", $"Positions {string.Join(", ", outside.Take(8))} lie outside the grid (0..{cells - 1}).");
        }
        if (method != ExperimentMethod.CodebookLevel) return;

        if (p.SourceConceptId is null || !conceptIds.Contains(p.SourceConceptId)) errors.Add(prefix + "sourceConceptId", "The source must be one of the experiment's concepts.");
        if (p.TargetConceptId is null || !conceptIds.Contains(p.TargetConceptId)) errors.Add(prefix + "targetConceptId", "The target must be one of the experiment's concepts.");
        else if (p.TargetConceptId == p.SourceConceptId) errors.Add(prefix + "targetConceptId", "The target must differ from the source.");
    }

    /// <summary>An uploaded concept's support set is its first images, so there must be as many as the experiment asks for.</summary>
    void UploadedImages(ExperimentParameters p, IReadOnlyList<StoredConcept?> concepts, Errors errors)
    {
        foreach (var concept in concepts.OfType<StoredConcept>().Where(c => c.Source == ConceptSource.Uploaded))
        {
            var held = images.Count(concept.Id);
            if (held >= p.ImagesPerConcept) continue;
            errors.Add("parameters.imagesPerConcept", held < ExperimentLimits.MinImagesPerConcept
                ? $"'{concept.Name}' holds {held} uploaded images; an experiment needs at least {ExperimentLimits.MinImagesPerConcept} per concept, so upload more."
                : $"'{concept.Name}' holds {held} uploaded images; ask for at most {held} per concept, or upload more.");
        }
    }

    /// <summary>
    /// What the method asks of the model: a shortcut review renders the built-in world, and the methods
    /// that ask evaluators about a concept need evaluators that know its class — which an uploaded
    /// concept may lack.
    /// </summary>
    static void ModelAbilities(ExperimentParameters p, ExperimentMethod method, StoredModel model, IReadOnlyList<StoredConcept> concepts, Errors errors)
    {
        var facts = model.Facts ?? new StoredModelFacts();
        if (method == ExperimentMethod.ShortcutReview && model.Kind != StoredModel.BuiltInKind)
            errors.Add("method", $"A shortcut review renders the concept on every background of the built-in world, which '{model.Name}' does not have.");
        var judged = method is ExperimentMethod.Evaluation or ExperimentMethod.CodebookLevel;
        if (judged && facts.Evaluators.Count == 0)
            errors.Add("modelId", $"{MethodName(method)} asks evaluators to judge images, and '{model.Name}' has none: register it with a TorchScript evaluator.");
        var labels = facts.Evaluators.Count == 0 ? int.MaxValue : facts.Evaluators.Min(e => e.Labels);
        void Need(StoredConcept concept, string field, string why)
        {
            if (concept.ClassId == ConceptDocument.NoClass)
                errors.Add(field, $"'{concept.Name}' has no class, and {MethodName(method)} needs one: {why}. Give the concept a class, or use sample-level or concept-level.");
            else if (judged && concept.ClassId >= labels)
                errors.Add(field, $"'{concept.Name}' is class {concept.ClassId}, and an evaluator of '{model.Name}' scores only {labels} labels: {why}.");
        }
        switch (method)
        {
            case ExperimentMethod.Evaluation:
                for (var i = 0; i < concepts.Count; i++) Need(concepts[i], $"conceptIds[{i}]", "the evaluators score every image's class");
                break;
            case ExperimentMethod.ShortcutReview:
                Need(concepts[0], "conceptIds[0]", "the review renders the first concept's class on each background");
                break;
            case ExperimentMethod.CodebookLevel:
                Need(concepts.Single(c => c.Id == p.SourceConceptId), "parameters.sourceConceptId", "the evaluators score the source image's class before the edit");
                Need(concepts.Single(c => c.Id == p.TargetConceptId), "parameters.targetConceptId", "the evaluators judge the edit by the target's class");
                break;
        }
    }

    /// <summary>A new concept in <paramref name="workspace"/>, or <paramref name="existing"/> (of that workspace) changed; names are unique per workspace.</summary>
    public (StoredConcept? Document, Dictionary<string, string[]> Errors) Concept(ConceptRequest request, string user, StoredConcept? existing, string workspace)
    {
        var errors = new Errors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add("name", "A name is required.");
        else if (StoredText.NameProblem(name) is { } problem) errors.Add("name", problem);
        else if (database.Concepts.Find(c => c.Name == name).Any(c => c.Id != existing?.Id && c.WorkspaceId == workspace)) errors.Add("name", $"A concept named '{name}' exists.");
        if (request.Description is { } description && StoredText.TextProblem(description) is { } descriptionProblem) errors.Add("description", descriptionProblem);
        var modelId = request.ModelId ?? existing?.ModelId ?? ModelRegistry.BuiltInId;
        var model = database.Models.FindById(modelId);
        if (model is null) errors.Add("modelId", $"Unknown model {Quoted(modelId)}.");
        else if (existing is not null && existing.ModelId != modelId && images.Count(existing.Id) > 0)
            errors.Add("modelId", $"'{existing.Name}' holds images stored at the size of model '{existing.ModelId}'; create a new concept for '{modelId}'.");

        var parsedSource = Services.EnumNames.Parse<ConceptSource>(request.Source);
        if (parsedSource is null) errors.Add("source", "Source must be one of generated, encoded, filter, uploaded.");
        var source = parsedSource ?? default;
        var sources = model?.Facts?.Sources ?? [];
        if (model is not null && parsedSource is not null && !sources.Contains(request.Source!.ToLowerInvariant()))
            errors.Add("source", $"Model '{model.Name}' supports the sources {string.Join(", ", sources)}.");
        var classId = ConceptDocument.NoClass;
        // Uploaded images need not show a class; every other source draws its images from one.
        if (model is not null && (source != ConceptSource.Uploaded || !string.IsNullOrWhiteSpace(request.ClassName) || request.ClassId is not null))
        {
            var (found, problem) = ClassOf(request, model);
            if (problem is not null) errors.Add(request.ClassId is null ? "className" : "classId", problem);
            else classId = found;
        }
        if (source == ConceptSource.Filter && !Enum.TryParse<Background>(request.Background ?? "", ignoreCase: true, out _))
            errors.Add("background", $"A filter needs a background: one of {string.Join(", ", Enum.GetNames<Background>())}.");
        if (errors.Count > 0) return (null, errors.ToDictionary());
        var now = DateTime.UtcNow;
        return (new StoredConcept
        {
            Id = existing?.Id ?? Ids.New(), WorkspaceId = workspace, Name = name!, Description = request.Description ?? "", ModelId = modelId, Source = source, ClassId = classId,
            Background = source == ConceptSource.Filter ? request.Background : null,
            CreatedBy = existing?.CreatedBy ?? user, CreatedAt = existing?.CreatedAt ?? now, UpdatedBy = user, UpdatedAt = now,
        }, []);
    }

    /// <summary>The class a concept request names, by id or by name among the model's class names.</summary>
    static (int Id, string? Problem) ClassOf(ConceptRequest request, StoredModel model)
    {
        var classes = model.Facts?.Classes ?? [];
        if (request.ClassId is { } id)
            return id >= 0 && id < classes.Count ? (id, null) : (0, $"Model '{model.Name}' numbers its classes 0..{classes.Count - 1}, not {id}.");
        var name = request.ClassName?.Trim() ?? "";
        if (name.Length > StoredText.MaxNameLength) return (0, $"At most {StoredText.MaxNameLength} characters, not {name.Length}.");
        if (name.Length == 0) return (0, $"A class is required: one of the classes of '{model.Name}' (e.g. {string.Join(", ", classes.Take(3))}).");
        var matches = classes.Select((c, i) => (c, i)).Where(x => string.Equals(x.c, name, StringComparison.OrdinalIgnoreCase)).Select(x => x.i).ToList();
        return matches.Count switch
        {
            1 => (matches[0], null),
            0 => (0, $"'{name}' is not a class of '{model.Name}'; its {classes.Count} classes include {string.Join(", ", classes.Take(5))}."),
            _ => (0, $"{matches.Count} classes of '{model.Name}' are named '{name}' (ids {string.Join(", ", matches)}); give classId instead."),
        };
    }

    /// <summary>Parses an option's name (the parser's exception says which names it knows), unless it is missing or too long to be one.</summary>
    static void Check<T>(string? value, Func<string, T> parse, string field, Errors errors)
    {
        if (value is null) errors.Add(field, "A value is required.");
        else if (value.Length > MaxIdLength) errors.Add(field, $"At most {MaxIdLength} characters, not {value.Length}.");
        else
        {
            try
            {
                parse(value);
            }
            catch (ArgumentException e)
            {
                errors.Add(field, e.Message.Split(" (Parameter")[0]);
            }
        }
    }

    static string Quoted(string id) => id.Length <= MaxIdLength ? $"'{id}'" : $"'{id[..MaxIdLength]}…' ({id.Length} characters)";

    sealed class Errors
    {
        readonly Dictionary<string, List<string>> _errors = [];

        public int Count => _errors.Count;

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
            list.Add(message);
        }

        public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}
