using System.Diagnostics;
using Cortex.Compute.Concepts;
using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;

namespace Cortex.Compute.Protocols;

/// <summary>The report and its figures (file name → PNG bytes).</summary>
public sealed record PaperResult(PaperReport Report, IReadOnlyDictionary<string, byte[]> Figures);

/// <summary>
/// The paper's protocol end to end on a built-in model: support sets, extractors, TIS, concept token
/// sets, codebook-level edits and every evaluation of METHOD.md §6–7. Every probability comes from
/// the independent evaluators.
/// </summary>
public static class PaperProtocol
{
    static readonly (string Stage, double Weight)[] Stages =
    [
        ("support sets", 1), ("extractors", 3), ("sample-level masking", 2), ("concept-level masking", 2), ("deletion curves", 2),
        ("localization", 1), ("sanity check", 1), ("codebook-level", 3), ("shortcut review", 1), ("figures", 0.5),
    ];

    public static PaperResult Run(BuiltInModel model, PaperOptions options, IProgress<PaperProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        model.Eval();
        var timing = new Dictionary<string, double>();
        var done = 0.0;
        var clock = Stopwatch.StartNew();
        T Stage<T>(string name, Func<T> body)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new PaperProgress(name, done / Stages.Sum(s => s.Weight), $"{name}…"));
            var stageClock = Stopwatch.StartNew();
            var result = body();
            timing[name] = Math.Round(stageClock.Elapsed.TotalSeconds, 2);
            done += Stages.Single(s => s.Stage == name).Weight;
            progress?.Report(new PaperProgress(name, done / Stages.Sum(s => s.Weight), $"{name} done in {timing[name]:F1} s"));
            return result;
        }

        var evaluators = model.Judges;
        using var data = Stage("support sets", () => new PaperData(model, options));
        var extractors = Stage("extractors", () => options.Architectures
            .Select(a => ExtractorTrainer.Train(a, data.Embeddings, data.Labels, ClassTable.Count, options.ExtractorTraining, cancellationToken: cancellationToken))
            .ToList());
        try
        {
            var primary = extractors[0];
            using var testIndex = tensor(primary.TestIndices, device: model.Device);
            using var testTokens = data.Tokens.index_select(0, testIndex);
            using var testLabels = data.Labels.index_select(0, testIndex);
            using var testScores = AttributionStage.Scores(primary.Module, model, testTokens, testLabels, options.Importance);

            var sampleLevel = Stage("sample-level masking", () => MaskingStage.SampleLevel(model, evaluators, testTokens, testLabels, testScores.Scores, options.MaskingN, options.Seed));
            var conceptLevel = Stage("concept-level masking", () => ConceptLevel(model, evaluators, primary, data, options));
            using var deletionTokens = testTokens.narrow(0, 0, Math.Min(options.DeletionImages, testTokens.shape[0]));
            using var deletionLabels = testLabels.narrow(0, 0, deletionTokens.shape[0]);
            var (deletionAuc, curves) = Stage("deletion curves", () =>
                AttributionStage.Deletion(model, evaluators, primary.Module, deletionTokens, deletionLabels, deletionLabels, options.Importance, options.DeletionPoints, options.Seed));
            var localization = Stage("localization", () =>
                AttributionStage.Localize(model, primary.Module, data.EncodedTokens, data.EncodedLabels, data.EncodedTruth, options.Importance, options.LocalizationK));
            using var sanityTokens = testTokens.narrow(0, 0, Math.Min(options.SanityImages, testTokens.shape[0]));
            using var sanityLabels = testLabels.narrow(0, 0, sanityTokens.shape[0]);
            var sanity = Stage("sanity check", () => AttributionStage.Randomization(model, primary, ClassTable.Count, options.ExtractorTraining.Width,
                sanityTokens, sanityLabels, options.Importance, options.Seed));
            var (codebook, strips) = Stage("codebook-level", () => CodebookStage.Run(model, evaluators, primary.Module,
                classId => TestTokensOf(data, testTokens, testLabels, classId), options, cancellationToken));
            var shortcut = Stage("shortcut review", () => ShortcutStage.Run(model, data, options, cancellationToken));
            var figures = Stage("figures", () => PaperFigures.Draw(model, primary.Module, testTokens, testLabels, options, curves, strips));

            timing["total"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            var report = new PaperReport
            {
                Model = new ModelSummary(model.Name, model.ImageSize, model.GridSize, model.CodebookSize, model.EmbeddingDim, evaluators.Select(e => e.Name).ToList()),
                Settings = new PaperSettings(options.Seed, options.Quick, options.GeneratedPerClass, options.EncodedPerClass,
                    ImportanceNames.Name(options.Importance.Method), ImportanceNames.Name(options.Importance.Reduction), options.Importance.SmoothGradSamples,
                    ExtractorFactory.Name(primary.Architecture)),
                Extractors = extractors.Select(e => new ExtractorReport(ExtractorFactory.Name(e.Architecture), Math.Round(e.ValAccuracy, 4), Math.Round(e.TestAccuracy, 4), e.Epochs)).ToList(),
                SampleLevel = sampleLevel,
                ConceptLevel = conceptLevel,
                DeletionAuc = deletionAuc,
                Localization = localization,
                Sanity = sanity,
                CodebookLevel = codebook,
                Shortcut = shortcut,
                Timing = timing,
                Findings = [],
            };
            return new PaperResult(report with { Findings = PaperFindings.Read(report) }, figures);
        }
        finally
        {
            foreach (var extractor in extractors) extractor.Dispose();
        }
    }

    static ConceptLevelReport ConceptLevel(BuiltInModel model, IReadOnlyList<Models.IEvaluator> evaluators, TrainedExtractor primary, PaperData data, PaperOptions options)
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
                    data.Tokens.index_select(0, index), data.Labels.index_select(0, index)));
            }
            return MaskingStage.ConceptLevel(model, evaluators, cases, options.TokenNum, options.ConceptTopN);
        }
        finally
        {
            foreach (var c in cases)
            {
                c.TestTokens.Dispose();
                c.TestLabels.Dispose();
            }
        }
    }

    static Tensor TestTokensOf(PaperData data, Tensor testTokens, Tensor testLabels, int classId)
    {
        using var mask = testLabels.eq(classId);
        var own = testTokens.index_select(0, mask.nonzero().flatten());
        if (own.shape[0] > 0) return own;
        own.Dispose();
        return data.Generated[classId].Tokens.narrow(0, 0, 1).clone();
    }
}
