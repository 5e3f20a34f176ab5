using Cortex.Web.Components.Shared;
using Cortex.Web.Contracts;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Cortex.Web.Components.Pages.Experiments;

/// <summary>
/// The form behind <c>/experiments/new</c>. Its state is the request itself, so what the user sees is
/// exactly what is sent; <c>?from=&lt;id&gt;</c> starts from an existing experiment's spec, and <c>&amp;source=&lt;concept&gt;&amp;sourceImage=n</c>
/// makes it a codebook-level experiment from that image (a probe's saved edit).
/// </summary>
public partial class NewExperiment : IDisposable
{
    static readonly string[] CommonFields =
    [
        "name", "modelId", "conceptIds", "method", "parameters.extractor", "parameters.tisMethod", "parameters.reduction",
        "parameters.imagesPerConcept", "parameters.extractorEpochs", "parameters.topN", "parameters.tokenNum", "parameters.seed",
    ];

    static readonly string[] CodebookFields =
    [
        "parameters.steps", "parameters.learningRate", "parameters.temperature", "parameters.decodeEvery", "parameters.embeddingSpace",
        "parameters.sourceConceptId", "parameters.sourceImage", "parameters.targetConceptId", "parameters.region",
    ];

    [Inject] ExperimentLimits Limits { get; set; } = default!;
    [Inject] IModelCatalog Catalog { get; set; } = default!;
    [Inject] IConceptService ConceptService { get; set; } = default!;
    [Inject] IExperimentService ExperimentService { get; set; } = default!;
    [Inject] CurrentUser User { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;

    /// <summary>An experiment whose spec the form starts from ("re-run with changes").</summary>
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }

    /// <summary>An uploaded concept and the index of its image that a codebook-level search starts from.</summary>
    [SupplyParameterFromQuery(Name = "source")] public string? Source { get; set; }
    [SupplyParameterFromQuery(Name = "sourceImage")] public int? SourceImage { get; set; }

    IReadOnlyList<ModelSummary>? _models;
    IReadOnlyList<ConceptDocument> _concepts = [];
    ExperimentRequest _request = Defaults(null);
    Dictionary<string, string[]> _errors = new(StringComparer.OrdinalIgnoreCase);
    string? _loadedFrom;
    string? _notice;
    Severity _noticeSeverity;
    bool _checked;
    bool _submitting;
    // The form's own warnings: they speak of this form's fields, so they leave with it and with a new attempt.
    readonly List<Snackbar> _warnings = [];

    ExperimentParameters P => _request.Parameters ?? new ExperimentParameters();

    ModelSummary? Model => _models?.FirstOrDefault(m => m.Id == _request.ModelId);

    bool IsCodebookLevel => _request.Method == ExperimentMethodNames.CodebookLevel;

    IReadOnlyList<ConceptDocument> ModelConcepts => _concepts.Where(c => c.ModelId == _request.ModelId).ToList();

    IReadOnlyList<ConceptDocument> ChosenConcepts =>
        (_request.ConceptIds ?? []).Select(id => _concepts.FirstOrDefault(c => c.Id == id)).OfType<ConceptDocument>().ToList();

    string? MethodHelp => _request.Method is { } method ? ExperimentMethodNames.Help.GetValueOrDefault(method) : null;

    IEnumerable<KeyValuePair<string, string[]>> UnmatchedErrors =>
        _errors.Where(e => !CommonFields.Contains(e.Key, StringComparer.OrdinalIgnoreCase)
                           && !(IsCodebookLevel && CodebookFields.Contains(e.Key, StringComparer.OrdinalIgnoreCase)));

    protected override async Task OnParametersSetAsync()
    {
        if (_models is not null && From == _loadedFrom) return;
        _models ??= await Catalog.ListAsync();
        _concepts = await ConceptService.ListAsync();
        _loadedFrom = From;
        (_notice, _checked, _errors) = (null, false, new(StringComparer.OrdinalIgnoreCase));
        _request = Defaults(_models.FirstOrDefault()?.Id);
        if (From is null) return;
        if (await ExperimentService.GetAsync(From) is { } source)
        {
            _request = FromExperiment(source);
            (_notice, _noticeSeverity) = ($"Filled in from experiment '{source.Name}'; change what you need and create a new one.", Severity.Info);
            if (Source is { } concept && _concepts.Any(c => c.Id == concept))
            {
                _request = FromImage(_request, concept, SourceImage ?? 0);
                _notice = $"A codebook-level search from image {SourceImage ?? 0} of '{ConceptName(concept)}', with experiment '{source.Name}''s settings; choose the target and create it.";
            }
        }
        else (_notice, _noticeSeverity) = ($"There is no experiment with id '{From}' to start from; the form shows the defaults.", Severity.Warning);
    }

    static ExperimentRequest Defaults(string? modelId) =>
        new() { ModelId = modelId, ConceptIds = [], Method = ExperimentMethodNames.SampleLevel, Parameters = new ExperimentParameters() };

    static ExperimentRequest FromExperiment(ExperimentDocument experiment) => new()
    {
        Name = $"{experiment.Name} (re-run)",
        ModelId = experiment.ModelId,
        ConceptIds = [.. experiment.ConceptIds],
        Method = ExperimentMethodNames.Name(experiment.Method),
        Parameters = experiment.Parameters with { Region = experiment.Parameters.Region is { } region ? [.. region] : null },
    };

    /// <summary>
    /// Codebook level from one image: its concept first among the concepts and the source, the next one the target, and
    /// enough images per concept that the support set (an uploaded concept's first images) reaches it.
    /// </summary>
    static ExperimentRequest FromImage(ExperimentRequest request, string conceptId, int image)
    {
        var concepts = (request.ConceptIds ?? []).Where(id => id != conceptId).Prepend(conceptId).ToList();
        var p = request.Parameters ?? new ExperimentParameters();
        return request with
        {
            Method = ExperimentMethodNames.CodebookLevel, ConceptIds = concepts,
            Parameters = p with
            {
                SourceConceptId = conceptId, SourceImage = image, TargetConceptId = concepts.Skip(1).FirstOrDefault(), Region = null,
                ImagesPerConcept = Math.Max(p.ImagesPerConcept, image + 1),
            },
        };
    }

    bool Has(string field) => _errors.ContainsKey(field);

    string? ErrorFor(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    string ConceptName(string id) => _concepts.FirstOrDefault(c => c.Id == id)?.Name ?? id;

    // Messages appear once the user has tried to submit; from then on every change re-checks the
    // form, so a message disappears as soon as its field is right (and a server message is replaced).
    void Change(ExperimentRequest request)
    {
        _request = request;
        if (_checked) _errors = NewExperimentRules.ByField(NewExperimentRules.Validate(Final(), Model, Limits));
    }

    void ChangeParameters(Func<ExperimentParameters, ExperimentParameters> change) => Change(_request with { Parameters = change(P) });

    void ChangeModel(string modelId)
    {
        // Concepts and the region belong to a model (its concepts, its grid); keep neither across models.
        var kept = (_request.ConceptIds ?? []).Where(id => _concepts.Any(c => c.Id == id && c.ModelId == modelId)).ToList();
        Change(WithCodebookConcepts(_request with { ModelId = modelId, ConceptIds = kept, Parameters = P with { Region = null } }));
    }

    void ChangeConcepts(IEnumerable<string> selected)
    {
        // Keep the order concepts were chosen in: it is the order of the experiment's classes.
        var chosen = selected.ToHashSet();
        var current = _request.ConceptIds ?? [];
        var ordered = current.Where(chosen.Contains).Concat(chosen.Where(id => !current.Contains(id))).ToList();
        Change(WithCodebookConcepts(_request with { ConceptIds = ordered }));
    }

    void ChangeMethod(string method) => Change(WithCodebookConcepts(_request with { Method = method }));

    /// <summary>Codebook level needs a source and a target among the chosen concepts: keep the user's picks while they stay valid, else take the first two.</summary>
    static ExperimentRequest WithCodebookConcepts(ExperimentRequest request)
    {
        var ids = request.ConceptIds ?? [];
        var p = request.Parameters ?? new ExperimentParameters();
        var source = p.SourceConceptId is { } s && ids.Contains(s) ? s : ids.FirstOrDefault();
        var target = p.TargetConceptId is { } t && ids.Contains(t) ? t : ids.FirstOrDefault(id => id != source);
        return request with { Parameters = p with { SourceConceptId = source, TargetConceptId = target } };
    }

    void ApplyQuickPreset()
    {
        ChangeParameters(p => p with { ImagesPerConcept = 16, ExtractorEpochs = 5, Steps = 60, DecodeEvery = 5, SourceImage = Math.Min(p.SourceImage, 15) });
        Snackbar.Add("Quick preset: 16 images per concept, 5 extractor epochs, 60 steps decoded every 5.", Severity.Info);
    }

    /// <summary>The request as sent: a trimmed name, and no codebook-level choices on other methods (they would only mislead a reader of the stored spec).</summary>
    ExperimentRequest Final() => _request with
    {
        Name = _request.Name?.Trim(),
        Parameters = IsCodebookLevel ? P : P with { SourceConceptId = null, TargetConceptId = null, SourceImage = 0, Region = null },
    };

    async Task SubmitAsync()
    {
        if (!User.Allows(Role.Editor, "start experiments", Snackbar)) return;
        _checked = true;
        ClearWarnings();
        var request = Final();
        _errors = NewExperimentRules.ByField(NewExperimentRules.Validate(request, Model, Limits));
        if (_errors.Count > 0)
        {
            Warn("Some fields need attention; see the messages next to them.");
            return;
        }
        _submitting = true;
        try
        {
            var result = await ExperimentService.CreateAsync(request, User.Name);
            if (result is { Succeeded: true, Value: { } created })
            {
                Snackbar.Add($"Experiment '{created.Name}' is queued.", Severity.Success);
                Navigation.NavigateTo($"experiments/{Uri.EscapeDataString(created.Id)}");
            }
            else if (result.Failure == FailureKind.Invalid)
            {
                _errors = NewExperimentRules.ByField(result.Errors);
                Warn("The server refused some fields; see the messages next to them.");
            }
            else Snackbar.Add(result.Message, Severity.Error);
        }
        finally
        {
            _submitting = false;
        }
    }

    void Warn(string message)
    {
        if (Snackbar.Add(message, Severity.Warning) is { } shown) _warnings.Add(shown);
    }

    void ClearWarnings()
    {
        foreach (var warning in _warnings) Snackbar.Remove(warning);
        _warnings.Clear();
    }

    public void Dispose() => ClearWarnings();
}
