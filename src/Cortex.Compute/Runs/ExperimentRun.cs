using Cortex.Compute.Concepts;
using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using Cortex.Compute.Probing;

namespace Cortex.Compute.Runs;

/// <summary>
/// Runs one experiment on its model: support sets for its concepts, an extractor trained to tell them apart, then
/// the method's own work (<see cref="MethodRunners"/>). Reports each stage and streams saliency maps and frames to
/// the listener; honours cancellation between steps. Returns plain numbers and bytes, never a tensor.
/// </summary>
public static class ExperimentRun
{
    public static RunResult Execute(RunRequest request, RunModel hosted, IRunListener listener, CancellationToken cancellationToken)
    {
        // Holds every tensor the run makes until it ends. A temporary that nothing else holds could be
        // finalized by a GC on another thread while libtorch still reads it (a segfault, not an exception);
        // the result is bytes and numbers, so no tensor leaves the run.
        using var tensors = NewDisposeScope();
        var p = request.Parameters;
        var model = hosted.Model;
        listener.Stage(RunStageNames.SupportSets, 0);
        var sets = new List<SupportSet>();
        try
        {
            foreach (var concept in request.Concepts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sets.Add(ConceptSupport.Build(hosted, concept, p.ImagesPerConcept, p.Seed));
                listener.Stage(RunStageNames.SupportSets, (double)sets.Count / request.Concepts.Count);
            }
            using var tokens = cat(sets.Select(s => s.Tokens).ToList(), 0);
            using var labels = cat(sets.Select((s, i) => TensorMath.Repeated(s.Count, i, model.Device)).ToList(), 0);
            using var embeddings = model.Embed(tokens);

            listener.Stage(RunStageNames.Extractor, 0);
            var architecture = ExtractorFactory.Parse(p.Extractor);
            var training = new ExtractorTrainingOptions { MaxEpochs = p.ExtractorEpochs, Seed = p.Seed };
            using var extractor = ExtractorTrainer.Train(architecture, embeddings, labels, request.Concepts.Count, training,
                new Progress(e => listener.Stage(RunStageNames.Extractor, (double)e.Epoch / e.MaxEpochs)), cancellationToken);
            listener.Log($"{p.Extractor} extractor: validation accuracy {extractor.ValAccuracy:F3}, test accuracy {extractor.TestAccuracy:F3} after {extractor.Epochs} epochs.");

            var context = new RunContext(request, hosted, sets, tokens, labels, extractor, listener, cancellationToken);
            var result = request.Method switch
            {
                RunMethod.SampleLevel => MethodRunners.SampleLevel(context, conceptLevel: false),
                RunMethod.ConceptLevel => MethodRunners.SampleLevel(context, conceptLevel: true),
                RunMethod.CodebookLevel => MethodRunners.CodebookLevel(context),
                RunMethod.Evaluation => MethodRunners.Evaluation(context),
                RunMethod.ShortcutReview => MethodRunners.ShortcutReview(context),
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.Method, null),
            };
            // Kept with the results so that a probe after the run asks the very extractor the run asked.
            result.Files[ExtractorWeights.FileName] = ExtractorWeights.Write(extractor.Module);
            return result;
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
sealed record RunContext(
    RunRequest Request,
    RunModel Hosted,
    IReadOnlyList<SupportSet> Sets,
    Tensor Tokens,
    Tensor Labels,
    TrainedExtractor Extractor,
    IRunListener Listener,
    CancellationToken CancellationToken)
{
    public RunParameters Parameters => Request.Parameters;

    public IReadOnlyList<RunConcept> Concepts => Request.Concepts;

    public IVqModel Model => Hosted.Model;

    public IReadOnlyList<IEvaluator> Judges => Hosted.Judges;

    public ImportanceOptions Importance => new()
    {
        Method = ImportanceNames.ParseMethod(Parameters.TisMethod),
        Reduction = ImportanceNames.ParseReduction(Parameters.Reduction),
        Seed = Parameters.Seed,
    };

    public ExtractorQuality Quality => new(Parameters.Extractor, Extractor.ValAccuracy, Extractor.TestAccuracy, Extractor.TestIndices.Length, Extractor.Epochs);

    public void Progress(string stage, double fraction) => Listener.Stage(stage, fraction);

    public int SetOffset(int concept) => Sets.Take(concept).Sum(s => s.Count);
}
