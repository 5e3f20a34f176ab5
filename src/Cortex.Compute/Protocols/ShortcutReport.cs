using System.Text;
using Cortex.Compute.Evaluation;

namespace Cortex.Compute.Protocols;

/// <summary>One concept's shortcut review: its token set, how strongly it marks each background, and how much of it sits off the object.</summary>
/// <param name="BackgroundFraction">Share of the token set's positions, on the concept's own images, whose patch shows no object pixel.</param>
/// <param name="GeneratedOnBackground">Share of the concept's generated images whose decoded background reads as the planted one (the unbiased world: 1/4).</param>
public sealed record ShortcutConceptReport(string Concept, IReadOnlyList<long> Tokens, double BackgroundFraction, double GeneratedOnBackground,
    IReadOnlyDictionary<string, BackgroundEffect> Backgrounds);

/// <summary>
/// The shortcut review of the planted concept and of a control concept without a shortcut. A background
/// is flagged when δ ≥ <see cref="MediumEffect"/> and the Holm-corrected permutation p &lt; <see cref="Alpha"/>.
/// </summary>
public sealed record ShortcutReport(string Background, double MediumEffect, double Alpha, int Permutations,
    ShortcutConceptReport Planted, ShortcutConceptReport Control)
{
    public static void Markdown(StringBuilder md, ShortcutReport? report)
    {
        if (report is null) return;
        md.AppendLine("## Shortcut review").AppendLine();
        md.AppendLine($"The '{report.Planted.Concept}' concept is planted on the {report.Background} background; '{report.Control.Concept}' is the control. "
            + "Cliff's δ compares per-image counts of the concept's tokens on each background against the other backgrounds "
            + $"(95 % percentile bootstrap interval; two-sided permutation p over {report.Permutations} shuffles, Holm-corrected across the backgrounds). "
            + $"A background is flagged only when δ ≥ {report.MediumEffect:0.00} (a medium effect) and the corrected p < {report.Alpha:0.00}. "
            + "The groups are the images of the other classes on that background and on the rest, with the mean count of the token set's positions per image in each.").AppendLine();
        PaperReportWriter.Table(md, ["concept", "background", "images on / off", "token positions per image on / off", "Cliff's δ", "95 % interval", "p", "Holm p", "flagged"],
            new[] { report.Planted, report.Control }.SelectMany(c => c.Backgrounds.Select(b => new[]
            {
                c == report.Control ? $"{c.Concept} (control)" : c.Concept, b.Key == report.Background ? $"**{b.Key}** (planted)" : b.Key,
                $"{b.Value.Counts.ImagesOn} / {b.Value.Counts.ImagesOff}", $"{PaperReportWriter.F(b.Value.Counts.MeanOn)} / {PaperReportWriter.F(b.Value.Counts.MeanOff)}",
                PaperReportWriter.F(b.Value.Delta), $"[{PaperReportWriter.F(b.Value.Interval.Low)}, {PaperReportWriter.F(b.Value.Interval.High)}]",
                P(b.Value.P), P(b.Value.CorrectedP), b.Value.Flagged ? "**yes**" : "no",
            })));
        PaperReportWriter.Table(md, ["concept", "token set", "its positions on background pixels", $"generated images on {report.Background} (unbiased world: 0.250)"],
            new[] { report.Planted, report.Control }.Select(c => new[] { c.Concept, string.Join(" ", c.Tokens), PaperReportWriter.F(c.BackgroundFraction), PaperReportWriter.F(c.GeneratedOnBackground) }));
    }

    /// <summary>The findings sentences: each concept's effect on the planted background, its significance, and whether it is flagged.</summary>
    public static IEnumerable<string> Findings(ShortcutReport? report)
    {
        if (report is null) yield break;
        foreach (var concept in new[] { report.Planted, report.Control })
        {
            var effect = concept.Backgrounds[report.Background];
            var flagged = concept.Backgrounds.Where(b => b.Value.Flagged).Select(b => b.Key).ToList();
            yield return $"Shortcut{(concept == report.Control ? " control" : "")}: the '{concept.Concept}' token set marks the {report.Background} background with Cliff's δ {effect.Delta:F3} "
                + $"(95 % interval [{effect.Interval.Low:F3}, {effect.Interval.High:F3}], p {P(effect.P)}, Holm-corrected {P(effect.CorrectedP)}) — "
                + (flagged.Count == 0
                    ? "no background is flagged (an effect of at least medium size that is also significant after correction)"
                    : $"flagged: {string.Join(", ", flagged)}")
                + $"; {concept.BackgroundFraction:P0} of its token positions lie on background pixels; "
                + $"{concept.GeneratedOnBackground:P0} of its generated images show the {report.Background} background (the unbiased world: 25 %).";
        }
    }

    /// <summary>A p-value as read: to three decimals, or below the resolution of the shuffles.</summary>
    static string P(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
}
