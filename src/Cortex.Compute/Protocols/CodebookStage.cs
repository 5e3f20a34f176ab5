using Cortex.Compute.Concepts;
using Cortex.Compute.Editing;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Imaging;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Protocols;

/// <summary>
/// Codebook-level explanation on the subject's source→target pairs, by the Gumbel search and by the
/// embedding-space variant: the sources are the generated images of the source class that the evaluators
/// recognise best, all edited in one batched search each, in every image's own top TIS positions (for the
/// world's fine-grained neighbours, where the marking lives) or over the whole grid.
/// </summary>
static class CodebookStage
{
    public const string Gumbel = "gumbel";
    public const string Embedding = "embedding";
    public const string SourceRow = "source";
    /// <summary>Offsets the candidates' seed from the support sets', so that no candidate is an image the extractors trained on.</summary>
    const int CandidateSeed = 303;
    const string BestRule = "the decoded step (every decode_every steps and the last) with the highest target probability averaged over the evaluators";

    /// <summary>What every evaluator says of one image: its source- and target-class probability.</summary>
    public sealed record Judged(float[] Image, IReadOnlyDictionary<string, (double Source, double Target)> Probabilities);

    /// <summary>One pair's rows for the figure: the sources, then each method's best and final edits; the sources' edit regions unless the whole grid.</summary>
    public sealed record PairFigure(string Title, IReadOnlyList<(string Label, IReadOnlyList<Judged> Images)> Rows, IReadOnlyList<EditRegion>? Regions = null);

    public static (CodebookLevelReport Report, IReadOnlyList<PairFigure> Figures) Run(PaperSubject subject, Module<Tensor, Tensor> extractor,
        PaperOptions options, CancellationToken cancellationToken)
    {
        var model = subject.Model;
        var pairs = new List<CodebookPairReport>();
        var figures = new List<PairFigure>();
        var gumbel = new SearchOptions
        {
            Steps = options.CodebookSteps, LearningRate = options.CodebookLearningRate, Temperature = options.CodebookTemperature,
            DecodeEvery = options.CodebookDecodeEvery, Seed = options.Seed, FrameEvery = int.MaxValue,
        };
        var embedding = gumbel with { LearningRate = options.CodebookEmbeddingLearningRate };
        foreach (var plan in subject.CodebookPairs)
        {
            var (source, target) = (subject.Concepts[plan.Source], subject.Concepts[plan.Target]);
            using var candidates = SupportSets.Generate(model, source.Name, source.ClassId, options.CodebookCandidates, options.Seed + CandidateSeed, subject.Sampling);
            RecognisedSources.Choice choice;
            using (var decoded = EvaluatorScores.Decode(model, candidates.Tokens))
                choice = RecognisedSources.Choose(subject.Evaluators, decoded, source.ClassId, options.CodebookImagesPerPair, options.CodebookRecognised);
            using var chosen = tensor(choice.Chosen.Select(i => (long)i).ToArray(), device: model.Device);
            using var sources = candidates.Tokens.index_select(0, chosen);
            var regions = CodebookRegions.Of(model, extractor, sources, plan, options.CodebookRegionSize, options.Importance);
            var judges = new SearchJudges(subject.Evaluators, target.ClassId);
            var before = Judge(subject, sources, source.ClassId, target.ClassId);
            var rows = new List<(string, IReadOnlyList<Judged>)> { (SourceRow, before) };
            var methods = new Dictionary<string, CodebookEdit>();
            foreach (var (method, settings) in new[] { (Gumbel, gumbel), (Embedding, embedding) })
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var result = method == Gumbel
                    ? GumbelTokenSearch.Run(model, extractor, sources, plan.Target, regions, settings, judges, cancellationToken: cancellationToken)
                    : EmbeddingSearch.Run(model, extractor, sources, plan.Target, regions, settings, judges, cancellationToken: cancellationToken);
                var best = Judge(subject, result.BestTokens, source.ClassId, target.ClassId);
                var final = Judge(subject, result.FinalTokens, source.ClassId, target.ClassId);
                methods[method] = Edit(subject.Evaluators, before, best, final);
                rows.Add(($"{method} best", best));
                rows.Add(($"{method} final", final));
            }
            pairs.Add(new CodebookPairReport(source.Name, target.Name, plan.Kind,
                CodebookRegions.Describe(plan, options.CodebookRegionSize),
                new SourceChoiceReport(choice.Candidates, choice.Recognised, choice.Chosen.Count), methods,
                subject.World is null || plan.WholeGrid ? null
                    : CodebookMarking.Measure(model, extractor, sources, regions, plan, options.CodebookRegionSize, options.Importance)));
            figures.Add(new PairFigure($"{source.Name} → {target.Name}", rows, plan.WholeGrid ? null : regions));
        }
        var settingsReport = new CodebookSettings(options.CodebookLearningRate, options.CodebookEmbeddingLearningRate, options.CodebookTemperature,
            options.CodebookRegionSize, options.CodebookDecodeEvery, options.CodebookCandidates, options.CodebookRecognised, BestRule);
        return (new CodebookLevelReport(options.CodebookSteps, options.CodebookImagesPerPair, settingsReport, pairs), figures);
    }

    static IReadOnlyList<Judged> Judge(PaperSubject subject, Tensor tokens, int sourceClass, int targetClass)
    {
        using var images = EvaluatorScores.Decode(subject.Model, tokens);
        var count = images.shape[0];
        using var sourceLabels = TensorMath.Repeated(count, sourceClass, images.device);
        using var targetLabels = TensorMath.Repeated(count, targetClass, images.device);
        var scores = subject.Evaluators.ToDictionary(e => e.Name,
            e => (Source: EvaluatorScores.Probability(e, images, sourceLabels), Target: EvaluatorScores.Probability(e, images, targetLabels)));
        return ImageRows.Of(images).Select((image, i) => new Judged(image,
            scores.ToDictionary(s => s.Key, s => (s.Value.Source[i], s.Value.Target[i])))).ToList();
    }

    static CodebookEdit Edit(IReadOnlyList<IEvaluator> evaluators, IReadOnlyList<Judged> before, IReadOnlyList<Judged> best, IReadOnlyList<Judged> final)
    {
        double Mean(IReadOnlyList<Judged> images, string evaluator, Func<(double Source, double Target), double> pick) =>
            Math.Round(images.Average(j => pick(j.Probabilities[evaluator])), 4);
        var probabilities = evaluators.ToDictionary(e => e.Name, e => new EditProbabilities(
            Mean(before, e.Name, p => p.Source), Mean(before, e.Name, p => p.Target), Mean(best, e.Name, p => p.Source), Mean(best, e.Name, p => p.Target),
            Mean(final, e.Name, p => p.Source), Mean(final, e.Name, p => p.Target)));
        return new CodebookEdit(probabilities, Flipped(before, best), Flipped(before, final));
    }

    /// <summary>Images that every evaluator saw move from target &lt; 0.1 to ≥ 0.6.</summary>
    static int Flipped(IReadOnlyList<Judged> before, IReadOnlyList<Judged> after) =>
        before.Zip(after).Count(p => p.First.Probabilities.All(b => b.Value.Target < CodebookFindings.FlipFrom)
            && p.Second.Probabilities.All(a => a.Value.Target >= CodebookFindings.FlipTo));
}
