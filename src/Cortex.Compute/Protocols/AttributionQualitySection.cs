using System.Globalization;
using System.Text;
using static Cortex.Compute.Protocols.PaperReportWriter;

namespace Cortex.Compute.Protocols;

/// <summary>report.md's localization (both criteria, and what limits them) and integrated-gradients completeness, and their findings.</summary>
static class AttributionQualitySection
{
    public static void Markdown(StringBuilder md, PaperReport report)
    {
        if (report.Localization is { } l) Localization(md, l);
        var c = report.IgCompleteness;
        md.AppendLine($"## Integrated gradients' completeness ({c.Steps} steps)").AppendLine();
        md.AppendLine("Relative error |Σ attribution − (f_y(e) − f_y(baseline))| / |f_y(e) − f_y(baseline)| of each image, "
            + $"on the primary extractor's logits; completeness is said to hold within {CompletenessLog.Tolerance:P0}.").AppendLine();
        Table(md, ["images", "count", "mean", "max"], c.Runs.Select(r => new[] { r.Images, r.Count.ToString(CultureInfo.InvariantCulture), F(r.Mean), F(r.Max) })
            .Append(["all", c.Images.ToString(CultureInfo.InvariantCulture), F(c.Mean), F(c.Max)]));
    }

    public static IEnumerable<string> Findings(PaperReport report)
    {
        if (report.Localization is { } l)
        {
            var beat = l.StrictPrecision.Where(p => p.Value > l.StrictRandomPrecision).Select(p => p.Key).ToList();
            var best = l.StrictPrecision.MaxBy(p => p.Value);
            yield return $"Localization, strict criterion (most of the patch inside the region): top-{l.K} precision beats random placement ({l.StrictRandomPrecision:F3}) for "
                + (beat.Count > 0 ? string.Join(", ", beat) : "no method") + $"; the best, {best.Key}, reaches {best.Value:F3} of a ceiling of {l.Ceiling.Strict:F3} "
                + $"(lenient: {l.Precision.Values.Max():F3} of {l.Ceiling.Lenient:F3}).";
        }
        var c = report.IgCompleteness;
        var verdict = c.Max <= CompletenessLog.Tolerance ? "holds"
            : c.Mean <= CompletenessLog.Tolerance ? "holds on average but not for every image"
            : "does NOT hold";
        yield return $"Integrated gradients ({c.Steps} steps): completeness {verdict} within {CompletenessLog.Tolerance:P0} — relative error mean {c.Mean:F3}, "
            + $"max {c.Max:F3} over {c.Images} images, {c.WithinTolerance:P0} of them within {CompletenessLog.Tolerance:P0}.";
    }

    static void Localization(StringBuilder md, LocalizationStudy l)
    {
        var a = l.Analysis;
        string Pair(LenientStrict v) => $"{F(v.Lenient)} / {F(v.Strict)}";
        var methods = l.Precision.Keys.ToList();
        md.AppendLine($"## Localization (top-{l.K} positions, {l.Images} encoded rendered images)").AppendLine();
        md.AppendLine("A position is on target when its patch touches the concept's region (lenient) or when more than half of its patch's pixels lie "
            + "inside it (strict); the region is the marking for fine-grained classes, else the object. Random: the expected precision of "
            + $"random positions. Ceiling: the best any {l.K} positions could reach, min(k, on-target cells) / k.").AppendLine();
        Table(md, ["method", "lenient", "strict"], methods.Select(m => new[] { m, F(l.Precision[m]), F(l.StrictPrecision[m]) })
            .Append(["random", F(l.RandomPrecision), F(l.StrictRandomPrecision)]).Append(["ceiling", F(l.Ceiling.Lenient), F(l.Ceiling.Strict)]));

        md.AppendLine("**By region** (lenient / strict; sizes in cells: the region's pixels over a cell's, cells it touches, cells mostly inside it)").AppendLine();
        Table(md, ["region", "images", "size", "touched", "mostly inside", "random", "ceiling", .. methods],
            a.Regions.Select(r => (string[])[r.Region, r.Images.ToString(CultureInfo.InvariantCulture), r.RegionCells.ToString("0.0", CultureInfo.InvariantCulture),
                r.CellsTouched.ToString("0.0", CultureInfo.InvariantCulture), r.CellsMostlyInside.ToString("0.0", CultureInfo.InvariantCulture),
                Pair(r.Random), Pair(r.Ceiling), .. methods.Select(m => Pair(r.Precision[m]))]));

        var p = a.Predictions;
        md.AppendLine($"**By the primary extractor's verdict** (accuracy {F(p.Accuracy)} on these images; lenient / strict)").AppendLine();
        Table(md, ["images", "count", .. methods],
            new[] { ("classified right", p.Correct, p.CorrectPrecision), ("classified wrong", p.Wrong, p.WrongPrecision) }.Where(r => r.Item2 > 0)
                .Select(r => (string[])[r.Item1, r.Item2.ToString(CultureInfo.InvariantCulture), .. methods.Select(m => Pair(r.Item3[m]))]));

        var reductions = a.Reductions.Values.First().Keys.ToList();
        md.AppendLine($"**By reduction over D** ({a.StudyImages} of the images; lenient / strict)").AppendLine();
        Table(md, ["method", .. reductions], a.Reductions.Select(r => (string[])[r.Key, .. reductions.Select(x => Pair(r.Value[x]))]));

        md.AppendLine("**By k** (lenient / strict)").AppendLine();
        Table(md, ["k", .. methods, "ceiling"], a.ByK.Select(k => (string[])[k.K.ToString(CultureInfo.InvariantCulture), .. methods.Select(m => Pair(k.Precision[m])), Pair(k.Ceiling)]));

        md.AppendLine($"**By extractor** ({a.Method}, {a.StudyImages} of the images; lenient / strict)").AppendLine();
        Table(md, ["extractor", "precision"], a.Extractors.Select(e => new[] { e.Key, Pair(e.Value) }));
        md.AppendLine(Reading(l)).AppendLine();
    }

    /// <summary>The section's paragraph: what keeps precision below one, read from the numbers above.</summary>
    static string Reading(LocalizationStudy l)
    {
        var a = l.Analysis;
        var text = new StringBuilder();
        foreach (var r in a.Regions)
        {
            var best = r.Precision.MaxBy(p => p.Value.Strict);
            text.Append($"{Capital(r.Region)} regions ({r.Images} images) hold {r.RegionCells:F1} cells' worth of pixels, touch {r.CellsTouched:F1} cells and fill most of "
                + $"{r.CellsMostlyInside:F1}, so {l.K} positions can reach at most {r.Ceiling.Lenient:F2} lenient / {r.Ceiling.Strict:F2} strict there; "
                + $"the best method ({best.Key}) reaches {best.Value.Lenient:F2} / {best.Value.Strict:F2}. ");
        }
        var p = a.Predictions;
        if (p.Wrong > 0)
            text.Append($"The primary extractor gets {p.Wrong} of {p.Correct + p.Wrong} images wrong; {a.Method} localizes {p.CorrectPrecision[a.Method].Lenient:F2} / "
                + $"{p.CorrectPrecision[a.Method].Strict:F2} on the right ones and {p.WrongPrecision[a.Method].Lenient:F2} / {p.WrongPrecision[a.Method].Strict:F2} on the wrong ones. ");
        foreach (var (method, byReduction) in a.Reductions)
        {
            var best = byReduction.MaxBy(r => r.Value.Lenient + r.Value.Strict);
            text.Append($"For {method} the best reduction over D is {best.Key} ({best.Value.Lenient:F2} / {best.Value.Strict:F2}). ");
        }
        var (first, last) = (a.ByK[0], a.ByK[^1]);
        text.Append($"From k = {first.K} to {last.K} the best lenient precision goes from {first.Precision.Values.Max(v => v.Lenient):F2} to "
            + $"{last.Precision.Values.Max(v => v.Lenient):F2} and the strict ceiling from {first.Ceiling.Strict:F2} to {last.Ceiling.Strict:F2}.");
        return text.ToString();
    }

    static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
