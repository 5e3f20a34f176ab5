using System.Text;
using Cortex.Compute.Imaging;

namespace Cortex.Compute.Protocols;

/// <summary>
/// The model-parameter randomization check of one extractor architecture. <see cref="Cascade"/>: per method,
/// the mean Spearman correlation of absolute TIS maps after the top k+1 layers of <see cref="LayersFromTop"/>
/// are re-initialized (cumulatively, from the output down); re-initializing every layer is
/// <see cref="WholeNetwork"/>.
/// </summary>
public sealed record ExtractorRandomization(string Extractor, IReadOnlyList<string> LayersFromTop,
    IReadOnlyDictionary<string, IReadOnlyList<double>> Cascade, IReadOnlyDictionary<string, double> WholeNetwork);

/// <summary>Randomization checks of every extractor (Adebayo et al. 2018): a method passes when ρ &lt; <see cref="PassBelow"/>.</summary>
/// <param name="Images">test images of the whole-network check</param>
/// <param name="CascadeImages">test images of each cascading step (the first of <paramref name="Images"/>)</param>
public sealed record RandomizationReport(double PassBelow, int Images, int CascadeImages, IReadOnlyList<ExtractorRandomization> Extractors)
{
    /// <summary>
    /// One verdict per extractor and method on the whole network; where the cascade first brings ρ under the
    /// pass line; and, said plainly, whether the protocol's own TIS method (<paramref name="tisMethod"/>) fails.
    /// </summary>
    public static IEnumerable<string> Findings(RandomizationReport report, string tisMethod)
    {
        foreach (var extractor in report.Extractors)
        {
            foreach (var (method, rho) in extractor.WholeNetwork) yield return Verdict(method, extractor.Extractor, rho, report.PassBelow);
            var below = extractor.WholeNetwork.Keys.Select(method =>
            {
                var step = extractor.Cascade[method].ToList().FindIndex(rho => rho < report.PassBelow);
                return step >= 0 ? $"{method} after {step + 1} layer{(step == 0 ? "" : "s")} ({extractor.LayersFromTop[step]})"
                    : extractor.WholeNetwork[method] < report.PassBelow ? $"{method} only once the whole network is re-initialized"
                    : $"{method} never, not even with the whole network re-initialized";
            });
            yield return $"Cascading randomization, {extractor.Extractor}: ρ falls below {report.PassBelow:0.0} for {string.Join("; ", below)}.";
        }
        var failing = report.Extractors.Where(e => e.WholeNetwork.TryGetValue(tisMethod, out var rho) && rho >= report.PassBelow).ToList();
        if (failing.Count > 0)
            yield return $"The paper's default TIS ({tisMethod}) FAILS the randomization check on {string.Join(", ", failing.Select(e => $"{e.Extractor} (ρ {e.WholeNetwork[tisMethod]:F3})"))}: "
                + "its maps stay correlated with those of an extractor whose weights were destroyed, so they partly show the input, not what the extractor learned.";
    }

    /// <summary>"fails" when ρ ≥ the pass line, said plainly; "passes" below it.</summary>
    public static string Verdict(string method, string extractor, double rho, double passBelow) => rho >= passBelow
        ? $"Sanity check: {method} FAILS the randomization test on {extractor} — its absolute maps from a re-initialized network correlate with the trained ones (Spearman {rho:F3} ≥ {passBelow:0.0})."
        : $"Sanity check: {method} passes the randomization test on {extractor} (Spearman {rho:F3} < {passBelow:0.0} between trained and re-initialized network).";

    /// <summary>
    /// randomization-ARCH.png per extractor, as in Adebayo et al.'s figure: ρ of every method as the layers are
    /// re-initialized from the top, ending with the whole network, against the pass line.
    /// </summary>
    public static IEnumerable<(string File, LineChart Chart)> Charts(RandomizationReport report) =>
        report.Extractors.Select(extractor =>
        {
            var steps = extractor.LayersFromTop.Count - 1;
            IReadOnlyList<string> ticks = [.. extractor.LayersFromTop.Take(steps).Select((layer, k) => k == 0 ? layer : $"+ {layer}"), "whole network"];
            var lines = extractor.WholeNetwork.Select(m => new ChartLine(m.Key, Enumerable.Range(0, ticks.Count).Select(i => (double)i).ToList(),
                [.. extractor.Cascade[m.Key].Take(steps), m.Value])).ToList();
            var chart = new LineChart($"Cascading randomization, {extractor.Extractor} ({report.CascadeImages} images per step)",
                "layers re-initialized, cumulatively from the output", "Spearman ρ of |TIS|, trained vs re-initialized", lines)
            {
                YRange = (-0.2, 1), Markers = true, XTicks = ticks, Reference = (report.PassBelow, $"pass line (ρ < {report.PassBelow:0.0})"),
            };
            return ($"randomization-{extractor.Extractor}.png", chart);
        });

    public static void Markdown(StringBuilder md, RandomizationReport report)
    {
        md.AppendLine("## Randomization check (whole network and cascading)").AppendLine();
        md.AppendLine($"Spearman correlation between the absolute TIS maps of the trained extractor and of one whose layers are re-initialized, averaged over images. "
            + $"A method **passes when ρ < {report.PassBelow:0.0}**: its maps must change when the weights they explain are destroyed (Adebayo et al. 2018). "
            + $"Cascading columns re-initialize the layers cumulatively from the top (output) down, on the first {report.CascadeImages} test images; "
            + $"the last column re-initializes the whole network, on {report.Images} test images. "
            + "Figures: `randomization-ARCH.png` (ρ per method as layers are re-initialized, against the pass line).").AppendLine();
        foreach (var extractor in report.Extractors)
        {
            md.AppendLine($"**{extractor.Extractor}**").AppendLine();
            var steps = extractor.LayersFromTop.Count - 1;
            PaperReportWriter.Table(md, ["method", .. extractor.LayersFromTop.Take(steps).Select((layer, k) => k == 0 ? layer : $"+ {layer}"), "whole network", "verdict"],
                extractor.WholeNetwork.Select(m => (IReadOnlyList<string>)
                    [m.Key, .. extractor.Cascade[m.Key].Select(PaperReportWriter.F), PaperReportWriter.F(m.Value), m.Value < report.PassBelow ? "passes" : "**fails**"]));
        }
    }
}
