using System.Text;
using static Cortex.Compute.Protocols.PaperReportWriter;

namespace Cortex.Compute.Protocols;

/// <summary>The codebook-level section of report.md and its findings: before, best and final edit, every pair, method and evaluator.</summary>
static class CodebookFindings
{
    /// <summary>An edit flips an image when every evaluator's target probability rises from below <see cref="FlipFrom"/> to at least <see cref="FlipTo"/>.</summary>
    public const double FlipFrom = 0.1;
    public const double FlipTo = 0.6;

    public static IEnumerable<string> Read(CodebookLevelReport report)
    {
        foreach (var pair in report.Pairs)
        foreach (var (method, edit) in pair.Methods)
        {
            var flipped = edit.Evaluators.Values.All(p => p.TargetBefore < FlipFrom && p.TargetAfterBest >= FlipTo);
            var moves = string.Join("; ", edit.Evaluators.Select(e => $"{e.Key} target {e.Value.TargetBefore:F3} → {e.Value.TargetAfterBest:F3} (final {e.Value.TargetAfterFinal:F3}), "
                + $"source {e.Value.SourceBefore:F3} → {e.Value.SourceAfterBest:F3}"));
            yield return $"Codebook level, {pair.Source} → {pair.Target} ({pair.Kind}, {method} search, {pair.Sources.Chosen} sources of which {pair.Sources.Recognised} of "
                + $"{pair.Sources.Candidates} candidates are recognised): {moves}; the pair {(flipped ? "flips" : "does NOT flip")} (mean target ≥ {FlipTo} from < {FlipFrom} under every evaluator), "
                + $"{edit.FlippedBest} of {pair.Sources.Chosen} images do.";
        }
        foreach (var pair in report.Pairs.Where(p => p.Marking is not null))
            yield return $"Codebook level, {pair.Source} → {pair.Target}: {pair.Marking!.OnMarking:P0} of the edit region's cells touch the sources' marking and it holds "
                + $"{pair.Marking.Covered:P0} of the marking's cells (the source's own TIS: {pair.Marking.OwnTisOnMarking:P0} and {pair.Marking.OwnTisCovered:P0}).";
        foreach (var pair in report.Pairs)
        foreach (var (method, edit) in pair.Methods)
        {
            var targets = edit.Evaluators.Values.Select(p => p.TargetAfterBest).ToList();
            if (targets.Max() - targets.Min() > 0.5)
                yield return $"Codebook level, {pair.Source} → {pair.Target} ({method}): the evaluators disagree about the best edits "
                    + $"({string.Join(", ", edit.Evaluators.Select(e => $"{e.Key} {e.Value.TargetAfterBest:F3}"))}).";
        }
    }

    public static void Markdown(StringBuilder md, CodebookLevelReport report)
    {
        var s = report.Settings;
        md.AppendLine($"## Codebook-level optimization ({report.Steps} steps, {report.ImagesPerPair} images per pair)").AppendLine();
        md.AppendLine($"Gumbel search: Adam lr {s.LearningRate}, τ {s.Temperature}; embedding-space variant: Adam lr {s.EmbeddingLearningRate}, snapped to the nearest codebook entries. "
            + $"Fine-grained regions are each image's top {s.RegionSize} TIS positions for the target's logit minus the source's (the tokens that decide between the two concepts). Sources: of {s.Candidates} generated images of the source class (never seen by the extractors), "
            + $"the ones with the highest source probability under the least convinced evaluator; recognised means ≥ {s.RecognisedAt} under every evaluator. "
            + $"Best edit: {s.Best}. Final edit: the last step. A pair flips when every evaluator's mean target probability rises from < {FlipFrom} to ≥ {FlipTo}.").AppendLine();
        Table(md, ["source → target", "kind", "region", "candidates", "recognised", "edited"],
            report.Pairs.Select(p => new[] { $"{p.Source} → {p.Target}", p.Kind, p.Region, p.Sources.Candidates.ToString(), p.Sources.Recognised.ToString(), p.Sources.Chosen.ToString() }));
        Table(md, ["source → target", "method", "evaluator", "source p before", "target p before", "source p after (best)", "target p after (best)",
                "source p after (final)", "target p after (final)", "images flipped (best / final)"],
            from p in report.Pairs
            from m in p.Methods
            from e in m.Value.Evaluators
            select new[] { $"{p.Source} → {p.Target}", m.Key, e.Key, F(e.Value.SourceBefore), F(e.Value.TargetBefore), F(e.Value.SourceAfterBest), F(e.Value.TargetAfterBest),
                F(e.Value.SourceAfterFinal), F(e.Value.TargetAfterFinal), $"{m.Value.FlippedBest} / {m.Value.FlippedFinal} of {p.Sources.Chosen}" });
        var marked = report.Pairs.Where(p => p.Marking is not null).ToList();
        if (marked.Count > 0)
        {
            md.AppendLine($"How much of each region lies on the sources' marking, measured after the regions are fixed (they never see it): {marked[0].Marking!.Read}. "
                + $"Beside it, the same for the top {s.RegionSize} positions of the source's own TIS (f_source alone).").AppendLine();
            Table(md, ["source → target", "marking cells per source", "region on marking", "marking covered", "own TIS on marking", "own TIS covers"],
                marked.Select(p => new[] { $"{p.Source} → {p.Target}", p.Marking!.MarkingCells.ToString("0.##"), F(p.Marking.OnMarking), F(p.Marking.Covered),
                    F(p.Marking.OwnTisOnMarking), F(p.Marking.OwnTisCovered) }));
        }
        md.AppendLine("Images: `codebook.png` (per pair, rows: sources, then best and final edits of each method; under each image every evaluator's source / target probability).").AppendLine();
    }
}
