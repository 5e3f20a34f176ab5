using System.Diagnostics;
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
        ("localization", 1), ("IG completeness", 0.5), ("sanity check", 1), ("codebook-level", 3), ("shortcut review", 1), ("figures", 0.5),
    ];

    /// <summary>The stages that need ground truth, and why.</summary>
    static readonly IReadOnlyList<SkippedProtocol> NeedGroundTruth =
    [
        new("localization", "it needs each image's true concept region, which only a built-in world's renderer knows"),
        new("shortcut review", "it needs a planted shortcut of known background, which only a built-in world has"),
        new("object-cell random baseline", "it draws random cells from each image's object, and only a built-in world's known colours say where the object is"),
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

            var (sampleLevel, objectCells) = Stage("sample-level masking", () => (MaskingRuns.SampleLevel(subject, extractors, data, options),
                world is null ? null : MaskingRuns.ObjectCellAgreement(subject, data)));
            var conceptLevel = Stage("concept-level masking", () => MaskingRuns.ConceptLevel(subject, extractors, data, options));
            using var deletionTokens = testTokens.narrow(0, 0, Math.Min(options.DeletionImages, testTokens.shape[0]));
            using var deletionLabels = testLabels.narrow(0, 0, deletionTokens.shape[0]);
            using var deletionClasses = testClasses.narrow(0, 0, deletionTokens.shape[0]);
            var (deletionAuc, curves) = Stage("deletion curves", () =>
                AttributionStage.Deletion(model, evaluators, primary.Module, deletionTokens, deletionLabels, deletionClasses, options.Importance, options.DeletionPoints, options.Seed));
            var completeness = new CompletenessLog();
            var localization = world is null ? null : Stage("localization", () =>
                LocalizationStage.Run(model, extractors, data, options.Importance, options.LocalizationK, completeness));
            Stage("IG completeness", () => completeness.Measure("generated test images (deletion curves)", model, primary.Module, deletionTokens, deletionLabels, options.Importance));
            using var sanityTokens = testTokens.narrow(0, 0, Math.Min(options.SanityImages, testTokens.shape[0]));
            using var sanityLabels = testLabels.narrow(0, 0, sanityTokens.shape[0]);
            var randomization = Stage("sanity check", () => SanityStage.Run(model, extractors, concepts, options.ExtractorTraining.Width,
                sanityTokens, sanityLabels, options.Importance, options.CascadeImages, options.Seed));
            var (codebook, edits) = Stage("codebook-level", () => CodebookStage.Run(subject, primary.Module, options, cancellationToken));
            var shortcut = world is null ? null : Stage("shortcut review", () => ShortcutStage.Run(world, data, options, cancellationToken));
            var figures = Stage("figures", () => PaperFigures.Draw(model, primary.Module, testTokens, testLabels, subject.Concepts.Select(c => c.Name).ToList(), options, curves, edits, randomization));

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
                ObjectCells = objectCells,
                DeletionAuc = deletionAuc,
                Localization = localization,
                IgCompleteness = completeness.Report(options.Importance.IntegratedGradientsSteps),
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
}
