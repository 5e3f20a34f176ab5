using System.Diagnostics;
using Cortex.Compute.Concepts;
using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;

namespace Cortex.Compute.Protocols;

/// <summary>The report and its figures (file name → PNG bytes).</summary>
public sealed record PaperResult(PaperReport Report, IReadOnlyDictionary<string, byte[]> Figures);

/// <summary>
/// The paper's protocol end to end: support sets, extractors, TIS, concept token sets, codebook-level
/// edits and every evaluation of METHOD.md §6–7 that the subject allows — localization and the
/// shortcut review need a world's ground truth. Every probability comes from the independent evaluators.
/// </summary>
public static class PaperProtocol
{
    static readonly (string Stage, double Weight)[] Stages =
    [
        ("support sets", 1), ("extractors", 3), ("sample-level masking", 2), ("concept-level masking", 2), ("deletion curves", 2),
        ("localization", 1), ("sanity check", 1), ("codebook-level", 3), ("shortcut review", 1), ("figures", 0.5),
    ];

    /// <summary>The stages that need ground truth, and why.</summary>
    static readonly IReadOnlyList<SkippedProtocol> NeedGroundTruth =
    [
        new("localization", "it needs each image's true concept region, which only a built-in world's renderer knows"),
        new("shortcut review", "it needs a planted shortcut of known background, which only a built-in world has"),
    ];

    public static PaperResult Run(PaperSubject subject, PaperOptions options, IProgress<PaperProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var (model, evaluators, world) = (subject.Model, subject.Evaluators, subject.World);
        var stages = Stages.Where(s => world is not null || NeedGroundTruth.All(n => n.Protocol != s.Stage)).ToList();
        var timing = new Dictionary<string, double>();
        var done = 0.0;
        var clock = Stopwatch.StartNew();
        T Stage<T>(string name, Func<T> body)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new PaperProgress(name, done / stages.Sum(s => s.Weight), $"{name}…"));
            var stageClock = Stopwatch.StartNew();
            var result = body();
            timing[name] = Math.Round(stageClock.Elapsed.TotalSeconds, 2);
            done += stages.Single(s => s.Stage == name).Weight;
            progress?.Report(new PaperProgress(name, done / stages.Sum(s => s.Weight), $"{name} done in {timing[name]:F1} s"));
            return result;
        }

        var concepts = subject.Concepts.Count;
        using var data = Stage("support sets", () => new PaperData(subject, options));
        var extractors = Stage("extractors", () => options.Architectures
            .Select(a => ExtractorTrainer.Train(a, data.Embeddings, data.Labels, concepts, options.ExtractorTraining, cancellationToken: cancellationToken))
            .ToList());
        try
        {
            var primary = extractors[0];
            // Labels are concept indices (the extractors' classes); classes are the ids the evaluators judge.
            using var testIndex = tensor(primary.TestIndices, device: model.Device);
            using var testTokens = data.Tokens.index_select(0, testIndex);
            using var testLabels = data.Labels.index_select(0, testIndex);
            using var testClasses = data.Classes.index_select(0, testIndex);
            using var testScores = AttributionStage.Scores(primary.Module, model, testTokens, testLabels, options.Importance);

            var sampleLevel = Stage("sample-level masking", () => MaskingStage.SampleLevel(model, evaluators, testTokens, testClasses, testScores.Scores, options.MaskingN, options.Seed));
            var conceptLevel = Stage("concept-level masking", () => ConceptLevel(model, evaluators, primary, data, options));
            using var deletionTokens = testTokens.narrow(0, 0, Math.Min(options.DeletionImages, testTokens.shape[0]));
            using var deletionLabels = testLabels.narrow(0, 0, deletionTokens.shape[0]);
            using var deletionClasses = testClasses.narrow(0, 0, deletionTokens.shape[0]);
            var (deletionAuc, curves) = Stage("deletion curves", () =>
                AttributionStage.Deletion(model, evaluators, primary.Module, deletionTokens, deletionLabels, deletionClasses, options.Importance, options.DeletionPoints, options.Seed));
            var localization = world is null ? null : Stage("localization", () =>
                AttributionStage.Localize(model, primary.Module, data.EncodedTokens!, data.EncodedLabels!, data.EncodedTruth, options.Importance, options.LocalizationK));
            using var sanityTokens = testTokens.narrow(0, 0, Math.Min(options.SanityImages, testTokens.shape[0]));
            using var sanityLabels = testLabels.narrow(0, 0, sanityTokens.shape[0]);
            var randomization = Stage("sanity check", () => SanityStage.Run(model, extractors, concepts, options.ExtractorTraining.Width,
                sanityTokens, sanityLabels, options.Importance, options.CascadeImages, options.Seed));
            var (codebook, strips) = Stage("codebook-level", () => CodebookStage.Run(subject, primary.Module,
                concept => TestTokensOf(data, testTokens, testLabels, concept), options, cancellationToken));
            var shortcut = world is null ? null : Stage("shortcut review", () => ShortcutStage.Run(world, data, options, cancellationToken));
            var figures = Stage("figures", () => PaperFigures.Draw(model, primary.Module, testTokens, testLabels, options, curves, strips));

            timing["total"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            var report = new PaperReport
            {
                Model = new ModelSummary(model.Name, model.ImageSize, model.GridSize, model.CodebookSize, model.EmbeddingDim, evaluators.Select(e => e.Name).ToList()),
                Settings = new PaperSettings(options.Seed, options.Quick, options.GeneratedPerClass, world is null ? 0 : options.EncodedPerClass,
                    ImportanceNames.Name(options.Importance.Method), ImportanceNames.Name(options.Importance.Reduction), options.Importance.SmoothGradSamples,
                    ExtractorFactory.Name(primary.Architecture)),
                Extractors = extractors.Select(e => new ExtractorReport(ExtractorFactory.Name(e.Architecture), Math.Round(e.ValAccuracy, 4), Math.Round(e.TestAccuracy, 4), e.Epochs)).ToList(),
                SampleLevel = sampleLevel,
                ConceptLevel = conceptLevel,
                DeletionAuc = deletionAuc,
                Localization = localization,
                Sanity = new SanityReport(randomization.Extractors[0].Extractor, randomization.Images, randomization.Extractors[0].WholeNetwork),
                Randomization = randomization,
                CodebookLevel = codebook,
                Shortcut = shortcut,
                Timing = timing,
                Findings = [],
                Concepts = world is null ? subject.Concepts : null,
                Skipped = world is null ? NeedGroundTruth : null,
            };
            return new PaperResult(report with { Findings = PaperFindings.Read(report) }, figures);
        }
        finally
        {
            foreach (var extractor in extractors) extractor.Dispose();
        }
    }

    static ConceptLevelReport ConceptLevel(Models.IVqModel model, IReadOnlyList<Models.IEvaluator> evaluators, TrainedExtractor primary, PaperData data, PaperOptions options)
    {
        using var scores = AttributionStage.Scores(primary.Module, model, data.Tokens, data.Labels, options.Importance);
        var test = primary.TestIndices.ToHashSet();
        var cases = new List<ConceptCase>();
        var offset = 0;
        try
        {
            foreach (var set in data.Generated)
            {
                var own = Enumerable.Range(offset, set.Count).Where(i => test.Contains(i)).Select(i => (long)i).ToArray();
                offset += set.Count;
                if (own.Length == 0) continue;
                using var index = tensor(own, device: model.Device);
                cases.Add(new ConceptCase(set.Concept, set.Tokens, scores.Scores.narrow(0, offset - set.Count, set.Count),
                    data.Tokens.index_select(0, index), data.Classes.index_select(0, index)));
            }
            return MaskingStage.ConceptLevel(model, evaluators, cases, options.TokenNum, options.ConceptTopN);
        }
        finally
        {
            foreach (var c in cases)
            {
                c.TestTokens.Dispose();
                c.TestClasses.Dispose();
            }
        }
    }

    static Tensor TestTokensOf(PaperData data, Tensor testTokens, Tensor testLabels, int concept)
    {
        using var mask = testLabels.Eq(concept);
        var own = testTokens.index_select(0, mask.nonzero().flatten());
        if (own.shape[0] > 0) return own;
        own.Dispose();
        return data.Generated[concept].Tokens.narrow(0, 0, 1).clone();
    }
}
