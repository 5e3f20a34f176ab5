using Cortex.Compute.Concepts;
using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using Cortex.Server.Models;
using Cortex.Server.Storage;
using Cortex.Web.Services;
using static TorchSharp.torch;

namespace Cortex.Server.Experiments;

/// <summary>
/// Runs one experiment on its model: support sets for its concepts, an extractor trained to
/// tell them apart, then the method's own work (<see cref="MethodRunners"/>), and finally the run's checks
/// of itself (<see cref="RunChecks"/>), which go into its summary. Reports progress stage by
/// stage (<see cref="RunStages"/>) and streams frames and saliency maps through the sink; honours
/// cancellation between steps.
/// </summary>
public static class ExperimentRunner
{
    public static ExperimentOutcome Run(ExperimentDocument experiment, IReadOnlyList<ConceptDocument> concepts, HostedModel hosted,
        ConceptImageStore images, ExperimentSink sink, CancellationToken cancellationToken)
    {
        // Holds every tensor the run makes until it ends. A temporary that nothing else holds could be
        // finalized by a GC on another thread while libtorch still reads it (a segfault, not an exception);
        // the outcome is bytes and numbers, so no tensor leaves the run.
        using var tensors = NewDisposeScope();
        var p = experiment.Parameters;
        var model = hosted.Model;
        var stages = new StageProgress(experiment.Id, RunStages.Of(experiment.Method), TimeProvider.System);
        void Report(string stage, double fraction) => sink.Progress(stages.Report(stage, fraction));
        Report(RunStages.SupportSets, 0);
        var sets = new List<SupportSet>();
        try
        {
            foreach (var concept in concepts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sets.Add(ConceptSupport.Build(hosted, concept, p.ImagesPerConcept, p.Seed, images));
                Report(RunStages.SupportSets, (double)sets.Count / concepts.Count);
            }
            using var tokens = cat(sets.Select(s => s.Tokens).ToList(), 0);
            using var labels = cat(sets.Select((s, i) => TensorMath.Repeated(s.Count, i, model.Device)).ToList(), 0);
            using var embeddings = model.Embed(tokens);

            Report(RunStages.Extractor, 0);
            var architecture = ExtractorFactory.Parse(p.Extractor);
            var training = new ExtractorTrainingOptions { MaxEpochs = p.ExtractorEpochs, Seed = p.Seed };
            using var extractor = ExtractorTrainer.Train(architecture, embeddings, labels, concepts.Count, training,
                new Progress(e => Report(RunStages.Extractor, (double)e.Epoch / e.MaxEpochs)), cancellationToken);
            sink.Log($"{p.Extractor} extractor: validation accuracy {extractor.ValAccuracy:F3}, test accuracy {extractor.TestAccuracy:F3} after {extractor.Epochs} epochs.");

            var context = new RunContext(experiment, concepts, hosted, sets, tokens, labels, extractor, sink, Report, cancellationToken);
            var outcome = experiment.Method switch
            {
                ExperimentMethod.SampleLevel => MethodRunners.SampleLevel(context, conceptLevel: false),
                ExperimentMethod.ConceptLevel => MethodRunners.SampleLevel(context, conceptLevel: true),
                ExperimentMethod.CodebookLevel => MethodRunners.CodebookLevel(context),
                ExperimentMethod.Evaluation => MethodRunners.Evaluation(context),
                ExperimentMethod.ShortcutReview => MethodRunners.ShortcutReview(context),
                _ => throw new ArgumentOutOfRangeException(nameof(experiment), experiment.Method, null),
            };
            outcome.Summary.Figures["extractor.val_accuracy"] = Math.Round(extractor.ValAccuracy, 4);
            outcome.Summary.Figures["extractor.test_accuracy"] = Math.Round(extractor.TestAccuracy, 4);
            outcome.Summary.Checks.AddRange(RunChecks.Of(concepts.Count, extractor.TestAccuracy, extractor.TestIndices.Length, outcome.Summary.Figures));
            foreach (var failed in outcome.Summary.Checks.Where(c => !c.Passed)) sink.Log($"Check failed ({failed.Name}): {failed.Sentence}");
            sink.Progress(stages.Done());
            return outcome;
        }
        finally
        {
            foreach (var set in sets) set.Dispose();
        }
    }

    sealed class Progress(Action<ExtractorProgress> report) : IProgress<ExtractorProgress>
    {
        public void Report(ExtractorProgress value) => report(value);
    }
}

/// <summary>Everything a method runner works with.</summary>
public sealed record RunContext(
    ExperimentDocument Experiment,
    IReadOnlyList<ConceptDocument> Concepts,
    HostedModel Hosted,
    IReadOnlyList<SupportSet> Sets,
    Tensor Tokens,
    Tensor Labels,
    TrainedExtractor Extractor,
    ExperimentSink Sink,
    Action<string, double> Progress,
    CancellationToken CancellationToken)
{
    public IVqModel Model => Hosted.Model;

    public IReadOnlyList<IEvaluator> Judges => Hosted.Judges;

    public ImportanceOptions Importance => new()
    {
        Method = ImportanceNames.ParseMethod(Experiment.Parameters.TisMethod),
        Reduction = ImportanceNames.ParseReduction(Experiment.Parameters.Reduction),
        Seed = Experiment.Parameters.Seed,
    };

    public int SetOffset(int concept) => Sets.Take(concept).Sum(s => s.Count);
}
