using Cortex.Compute.Runs;
using Cortex.Server.Models;
using Cortex.Server.Storage;

namespace Cortex.Server.Experiments;

/// <summary>
/// Runs one experiment on its model: hands its documents to <see cref="ExperimentRun"/> (Cortex.Compute) as a request,
/// and turns what the run produced into what the store keeps (<see cref="ExperimentOutcomes"/>), with the run's checks of
/// itself (<see cref="RunChecks"/>) in its summary.
/// </summary>
public static class ExperimentRunner
{
    /// <param name="uploaded">per uploaded concept's id: its first images, as many as the run uses</param>
    public static ExperimentOutcome Run(StoredExperiment experiment, IReadOnlyList<StoredConcept> concepts, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> uploaded,
        HostedModel hosted, ExperimentSink sink, CancellationToken cancellationToken)
    {
        var result = ExperimentRun.Execute(Request(experiment, concepts, uploaded), hosted.ForRuns, sink, cancellationToken);
        var outcome = ExperimentOutcomes.Of(result, experiment, concepts, DateTime.UtcNow);
        foreach (var failed in outcome.Summary.Checks.Where(c => !c.Passed)) sink.Log($"Check failed ({failed.Name}): {failed.Sentence}");
        sink.Done();
        return outcome;
    }

    /// <summary>The run's request: the concepts in the experiment's order (label k is concept k), with their uploaded images.</summary>
    public static RunRequest Request(StoredExperiment experiment, IReadOnlyList<StoredConcept> concepts, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> uploaded)
    {
        var p = experiment.Parameters;
        int IndexOf(string? conceptId) => concepts.ToList().FindIndex(c => c.Id == conceptId);
        var parameters = new RunParameters
        {
            Extractor = p.Extractor, TisMethod = p.TisMethod, Reduction = p.Reduction, ImagesPerConcept = p.ImagesPerConcept, ExtractorEpochs = p.ExtractorEpochs,
            TopN = p.TopN, TokenNum = p.TokenNum, Seed = p.Seed, Steps = p.Steps, LearningRate = p.LearningRate, Temperature = p.Temperature,
            DecodeEvery = p.DecodeEvery, SourceConcept = IndexOf(p.SourceConceptId), SourceImage = p.SourceImage, TargetConcept = IndexOf(p.TargetConceptId),
            Region = p.Region, EmbeddingSpace = p.EmbeddingSpace,
        };
        return new RunRequest(Method(experiment.Method), parameters, [.. concepts.Select(c => Concept(c, uploaded.GetValueOrDefault(c.Id, [])))]);
    }

    /// <summary>A concept as a run builds its support set, with its uploaded images if it is an uploaded one.</summary>
    public static RunConcept Concept(StoredConcept concept, IReadOnlyList<byte[]> uploaded) => concept.Source switch
    {
        ConceptSource.Generated => new(concept.Name, concept.ClassId, ConceptOrigin.Generated, concept.Background, []),
        ConceptSource.Encoded => new(concept.Name, concept.ClassId, ConceptOrigin.Encoded, concept.Background, []),
        ConceptSource.Filter => new(concept.Name, concept.ClassId, ConceptOrigin.Filter, concept.Background, []),
        ConceptSource.Uploaded => new(concept.Name, concept.ClassId, ConceptOrigin.Uploaded, concept.Background, uploaded),
        _ => throw new ArgumentOutOfRangeException(nameof(concept), concept.Source, null),
    };

    static RunMethod Method(ExperimentMethod method) => method switch
    {
        ExperimentMethod.SampleLevel => RunMethod.SampleLevel,
        ExperimentMethod.ConceptLevel => RunMethod.ConceptLevel,
        ExperimentMethod.CodebookLevel => RunMethod.CodebookLevel,
        ExperimentMethod.Evaluation => RunMethod.Evaluation,
        ExperimentMethod.ShortcutReview => RunMethod.ShortcutReview,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
