using System.Globalization;
using System.Text;
using System.Text.Json;
using Cortex.Compute.Models;

namespace Cortex.Compute.Protocols;

/// <summary>Writes report.json, report.md and the figures into a directory, all or nothing.</summary>
public static class PaperReportWriter
{
    public static void Write(PaperResult result, string directory) => AtomicDirectory.Write(directory, staging =>
    {
        File.WriteAllText(Path.Combine(staging, "report.json"), JsonSerializer.Serialize(result.Report, ModelCard.Json));
        File.WriteAllText(Path.Combine(staging, "report.md"), Markdown(result.Report));
        foreach (var (name, png) in result.Figures) File.WriteAllBytes(Path.Combine(staging, name), png);
    });

    public static string Markdown(PaperReport report)
    {
        var md = new StringBuilder();
        var s = report.Settings;
        md.AppendLine($"# CORTEX paper protocol on {report.Model.Name}").AppendLine();
        md.AppendLine($"Grid {report.Model.GridSize}×{report.Model.GridSize}, K = {report.Model.CodebookSize}, D = {report.Model.EmbeddingDim}; "
            + $"{s.GeneratedPerClass} generated and {s.EncodedPerClass} encoded images per concept; TIS = {s.TisMethod} ({s.SmoothGradSamples} samples), "
            + $"reduction {s.Reduction}, primary extractor {s.PrimaryExtractor}; seed {s.Seed}{(s.Quick ? "; **quick run**" : "")}. "
            + "Every probability below comes from the independent evaluators, never from the extractor.").AppendLine();

        md.AppendLine("## Findings").AppendLine();
        foreach (var finding in report.Findings) md.AppendLine($"- {finding}");
        md.AppendLine();

        md.AppendLine("## Extractors").AppendLine();
        Table(md, ["arch", "val accuracy", "test accuracy", "epochs"], report.Extractors.Select(e => new[] { e.Arch, F(e.ValAccuracy), F(e.TestAccuracy), e.Epochs.ToString() }));

        md.AppendLine("## Sample-level masking (drop of the true-class probability)").AppendLine();
        foreach (var (space, curves) in new[] { ("pixel", report.SampleLevel.Pixel), ("token", report.SampleLevel.Token) })
        foreach (var (evaluator, drops) in curves)
        {
            md.AppendLine($"**{space} masking, {evaluator}** ({report.SampleLevel.Images} test images)").AppendLine();
            Table(md, ["n", .. report.SampleLevel.N.Select(n => n.ToString())],
                [["TIS", .. drops.TisDrop.Select(F)], ["random", .. drops.RandomDrop.Select(F)]]);
        }

        md.AppendLine($"## Concept-level masking (top-{report.ConceptLevel.TopN} TIS positions per image)").AppendLine();
        foreach (var (space, drops) in new[] { ("pixel", report.ConceptLevel.Pixel), ("token", report.ConceptLevel.Token) })
        foreach (var (evaluator, values) in drops)
        {
            md.AppendLine($"**{space} masking, {evaluator}**").AppendLine();
            Table(md, ["token_num", .. report.ConceptLevel.TokenNum.Select(n => n.ToString())],
                [["TIS set", .. values.TisDrop.Select(F)], ["frequency", .. values.FrequencyDrop.Select(F)]]);
        }

        md.AppendLine("## Attribution methods").AppendLine();
        var methods = report.Sanity.SpearmanTrainedVsRandom.Keys.ToList();
        Table(md, ["method", "deletion AUC (lower is better)", $"localization precision@{report.Localization.K}", "Spearman trained vs random (lower passes)"],
            methods.Select(m => new[] { m, F(report.DeletionAuc[m]), F(report.Localization.Precision[m]), F(report.Sanity.SpearmanTrainedVsRandom[m]) })
                .Append(["random", F(report.DeletionAuc["random"]), F(report.Localization.RandomPrecision), "—"]));
        md.AppendLine("Deletion curves: `deletion.png` (x: deleted fraction, y: mean evaluator probability; colours in order: "
            + string.Join(", ", report.DeletionAuc.Keys) + "). Saliency overlays: `saliency.png` (columns: decoded image, then " + string.Join(", ", methods) + ").").AppendLine();

        md.AppendLine($"## Codebook-level optimization ({report.CodebookLevel.Steps} steps, {report.CodebookLevel.ImagesPerPair} images per pair)").AppendLine();
        foreach (var (evaluator, p) in report.CodebookLevel.Evaluators)
        {
            md.AppendLine($"**{evaluator}**").AppendLine();
            Table(md, ["source → target", "kind", "region", "source p before", "target p before", "target p after"],
                report.CodebookLevel.Pairs.Select((pair, i) => new[] { $"{pair.Source} → {pair.Target}", pair.Kind, pair.Region,
                    F(p.SourceProbBefore[i]), F(p.TargetProbBefore[i]), F(p.TargetProbAfter[i]) }));
        }
        md.AppendLine("Before/after images: `codebook.png` (per pair, a row of sources then a row of edits).").AppendLine();

        var sc = report.Shortcut;
        md.AppendLine("## Shortcut review").AppendLine();
        Table(md, ["concept", "Cliff's delta (planted background vs others)", "token positions on background"],
            [[sc.Concept, F(sc.CliffsDelta), F(sc.BackgroundFractionOfTopTokens)], [$"{sc.ControlConcept} (control)", F(sc.ControlCliffsDelta), F(sc.ControlBackgroundFraction)]]);

        md.AppendLine("## Timing (seconds)").AppendLine();
        Table(md, ["stage", "seconds"], report.Timing.Select(t => new[] { t.Key, t.Value.ToString("0.0", CultureInfo.InvariantCulture) }));
        return md.ToString();
    }

    static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    static void Table(StringBuilder md, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.AppendLine($"| {string.Join(" | ", header)} |");
        md.AppendLine($"|{string.Concat(header.Select(_ => " --- |"))}");
        foreach (var row in rows) md.AppendLine($"| {string.Join(" | ", row)} |");
        md.AppendLine();
    }
}
