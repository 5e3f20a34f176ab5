using Cortex.Compute.Evaluation;
using Cortex.Server.Storage;
using Cortex.Web.Services;
using Ids = Cortex.Server.Storage.Ids;

namespace Cortex.Server.Experiments;

/// <summary>
/// What a shortcut review stores: every background's effect, interval and p-values among the summary
/// figures, and an open finding only for a flagged background — at least a medium effect AND significant
/// after Holm's correction. An effect size alone opened false findings: a control concept reached δ 0.35.
/// </summary>
public static class ShortcutFinding
{
    public static void AddFigures(StoredExperimentSummary summary, ShortcutEvidence evidence)
    {
        foreach (var (background, effect) in evidence.Backgrounds)
        foreach (var (key, value) in Evidence(effect))
            summary.Figures[$"shortcut.{key}.{background}"] = value;
        summary.Figures["shortcut.background_fraction"] = evidence.BackgroundFraction;
    }

    /// <summary>The finding for the most strongly flagged background, or null when none is flagged.</summary>
    public static StoredFinding? Open(ShortcutEvidence evidence, StoredExperiment experiment, StoredConcept concept, IReadOnlyList<long> tokens, DateTime now)
    {
        var flagged = evidence.Backgrounds.Where(b => b.Value.Flagged).OrderByDescending(b => b.Value.Delta).ToList();
        if (flagged.Count == 0) return null;
        var (background, effect) = flagged[0];
        return new StoredFinding
        {
            Id = Ids.New(), WorkspaceId = experiment.WorkspaceId, ExperimentId = experiment.Id, ConceptId = concept.Id,
            Title = $"'{concept.Name}' tokens mark the {background} background (Cliff's delta {effect.Delta:F2}, Holm-corrected p {FindingEvidence.FormatP(effect.CorrectedP)})",
            Tokens = [.. tokens],
            Evidence = new Dictionary<string, double>(Evidence(effect)) { [FindingEvidence.BackgroundFractionKey] = evidence.BackgroundFraction },
            Status = FindingStatus.Open, CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>Why no finding opened, naming the strongest background's effect and significance.</summary>
    public static string NoFinding(ShortcutEvidence evidence, string concept)
    {
        var (background, effect) = evidence.Strongest;
        return $"No background is flagged for '{concept}' tokens (a finding needs δ ≥ {ShortcutReview.MediumEffect:0.00} and Holm-corrected p < {ShortcutReview.Alpha:0.00}); "
            + $"strongest: {background}, δ = {effect.Delta:F2}, Holm-corrected p {FindingEvidence.FormatP(effect.CorrectedP)}.";
    }

    static Dictionary<string, double> Evidence(BackgroundEffect effect) => new()
    {
        [FindingEvidence.CliffsDeltaKey] = effect.Delta,
        [FindingEvidence.IntervalLowKey] = effect.Interval.Low,
        [FindingEvidence.IntervalHighKey] = effect.Interval.High,
        [FindingEvidence.PValueKey] = effect.P,
        [FindingEvidence.CorrectedPValueKey] = effect.CorrectedP,
    };
}
