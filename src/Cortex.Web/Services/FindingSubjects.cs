using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>
/// What findings are about, by name: their concepts', their experiments' and those experiments' models (whose codebook
/// the tokens index). A page keeps one and loads each id once; names outlive a filter change or a live reload.
/// </summary>
public sealed class FindingSubjects(IConceptService concepts, IExperimentService experiments)
{
    readonly Dictionary<string, string> _concepts = [];
    readonly Dictionary<string, (string Name, string? ModelId)> _experiments = [];

    public async Task LoadAsync(IEnumerable<FindingDocument> findings)
    {
        foreach (var finding in findings)
        {
            if (!_concepts.ContainsKey(finding.ConceptId))
                _concepts[finding.ConceptId] = (await concepts.GetAsync(finding.ConceptId))?.Name ?? $"{finding.ConceptId} (deleted)";
            if (!_experiments.ContainsKey(finding.ExperimentId))
            {
                var experiment = await experiments.GetAsync(finding.ExperimentId);
                _experiments[finding.ExperimentId] = (experiment?.Name ?? $"{finding.ExperimentId} (deleted)", experiment?.ModelId);
            }
        }
    }

    public string ConceptName(FindingDocument finding) => _concepts.GetValueOrDefault(finding.ConceptId, finding.ConceptId);

    public string ExperimentName(FindingDocument finding) => _experiments.TryGetValue(finding.ExperimentId, out var experiment) ? experiment.Name : finding.ExperimentId;

    public string? ModelOf(FindingDocument finding) => _experiments.GetValueOrDefault(finding.ExperimentId).ModelId;
}
