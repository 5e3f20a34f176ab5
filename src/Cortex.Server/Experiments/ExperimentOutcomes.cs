using Cortex.Compute.Concepts;
using Cortex.Compute.Protocols;
using Cortex.Compute.Runs;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>
/// What the store keeps of a run's result: its summary (figures, token sets, notes, and the run's checks of itself), its files
/// (the run's own, plus <c>evaluation.json</c> and the replay frames the dashboard reads back) and any finding it raised.
/// </summary>
public static class ExperimentOutcomes
{
    public static ExperimentOutcome Of(RunResult result, StoredExperiment experiment, IReadOnlyList<StoredConcept> concepts, DateTime now)
    {
        var summary = new StoredExperimentSummary { Figures = new(result.Figures), TokenSets = Entries(result.TokenSets), FrequencySets = Entries(result.FrequencySets) };
        var files = new Dictionary<string, byte[]>(result.Files);
        var findings = new List<StoredFinding>();
        if (result.Codebook is { } codebook)
        {
            if (codebook.BestStep is { } best) summary.Figures[CodebookEdits.BestStepFigure] = best;
            FrameLog.AddTo(files, codebook.Frames);
        }
        if (result.Evaluation is { } evaluation) files[EvaluationFile.Name] = EvaluationFile.Write(Report(evaluation));
        if (result.Shortcut is { } shortcut)
        {
            ShortcutFinding.AddFigures(summary, shortcut.Evidence);
            ShortcutEvidenceFile.AddTo(files, shortcut.Evidence, concepts[0].Name);
            var finding = ShortcutFinding.Open(shortcut.Evidence, experiment, concepts[0], [.. shortcut.Tokens.Select(t => t.Token)], now);
            if (finding is not null) findings.Add(finding);
            summary.Notes.Add(finding?.Title ?? ShortcutFinding.NoFinding(shortcut.Evidence, concepts[0].Name));
        }
        summary.Figures["extractor.val_accuracy"] = Math.Round(result.Extractor.ValAccuracy, 4);
        summary.Figures["extractor.test_accuracy"] = Math.Round(result.Extractor.TestAccuracy, 4);
        summary.Checks.AddRange(RunChecks.Of(concepts.Count, result.Extractor.TestAccuracy, result.Extractor.TestImages, summary.Figures));
        return new ExperimentOutcome(summary, files, findings);
    }

    /// <summary>The evaluation method's report as the dashboard reads it back from <c>evaluation.json</c>.</summary>
    public static EvaluationReport Report(EvaluationResult evaluation) => new(
        new MaskingTable(evaluation.Masking.N, evaluation.Masking.Images, Drops(evaluation.Masking.Pixel), Drops(evaluation.Masking.Token)),
        evaluation.DeletionAuc,
        evaluation.DeletionCurves.ToDictionary(x => x.Key, x => new Curve(x.Value.Fractions, x.Value.Probabilities)),
        new SanityCheck(evaluation.Sanity.Extractor, evaluation.Sanity.Images, evaluation.Sanity.SpearmanTrainedVsRandom),
        evaluation.Localization is { } localization ? new LocalizationTable(localization.K, localization.Images, localization.Precision, localization.RandomPrecision) : null);

    static Dictionary<string, DropCurve> Drops(IReadOnlyDictionary<string, DropCurves> table) =>
        table.ToDictionary(x => x.Key, x => new DropCurve(x.Value.TisDrop, x.Value.RandomDrop));

    static Dictionary<string, List<StoredTokenCount>> Entries(Dictionary<string, IReadOnlyList<TokenCount>> sets) =>
        sets.ToDictionary(s => s.Key, s => s.Value.Select(t => new StoredTokenCount(t.Token, t.Count)).ToList());
}
