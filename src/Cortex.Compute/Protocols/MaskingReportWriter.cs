using System.Globalization;
using System.Text;
using static Cortex.Compute.Protocols.PaperReportWriter;

namespace Cortex.Compute.Protocols;

/// <summary>report.md's masking sections: the sample- and concept-level tables of every extractor.</summary>
static class MaskingReportWriter
{
    public static void Markdown(StringBuilder md, PaperReport report)
    {
        md.AppendLine("## Masking").AppendLine();
        md.AppendLine("Each cell reads *probability drop / logit drop* of the true class, averaged over held-out test images (concept level: over concepts). "
            + "Every extractor is judged on its own held-out test split, which neither trained it nor built its token sets. "
            + "Columns marked * are the reference's top_n grid.").AppendLine();
        md.AppendLine(report.ObjectCells is { } cells
            ? $"The object-cell random baseline draws random cells from each image's object first (from the rest only when the object has fewer cells than n), "
                + $"because random cells mostly hit background. Generated images have no ground truth, so the object is read from the decoded image: {cells.Method}. "
                + $"On {cells.Images} encoded rendered images this reader's object cells agree with the renderer's (cells at least half covered by the object): "
                + $"precision {F(cells.Precision)}, recall {F(cells.Recall)}."
            : "There is no object-cell random baseline: nothing knows where this model's objects are (see Skipped).").AppendLine();
        foreach (var (extractor, sample) in report.SampleLevel)
        {
            md.AppendLine($"### Sample-level masking, {extractor} extractor ({sample.Images} held-out test images"
                + (sample.ObjectCellsPerImage is { } perImage ? $"; {perImage:0.0} object cells of {report.Model.GridSize * report.Model.GridSize} per image" : "") + ")").AppendLine();
            foreach (var (space, table) in new[] { ("pixel", sample.Pixel), ("token", sample.Token) })
            foreach (var (evaluator, curves) in table)
            {
                md.AppendLine($"**{space} masking, evaluator {evaluator}**").AppendLine();
                var rows = new List<string[]> { Row("TIS top-n", curves.TisDrop, curves.TisLogitDrop), Row("random cells", curves.RandomDrop, curves.RandomLogitDrop) };
                if (curves.ObjectRandomDrop is { } objectDrop) rows.Add(Row("random object cells", objectDrop, curves.ObjectRandomLogitDrop!));
                Table(md, ["n", .. sample.N.Select(n => sample.TopN.Contains(n) ? $"{n}*" : $"{n}")], rows);
            }
        }
        foreach (var (extractor, concept) in report.ConceptLevel)
        {
            md.AppendLine($"### Concept-level masking, {extractor} extractor").AppendLine();
            md.AppendLine($"Token sets built from {concept.TrainImages} training images, masked on {concept.TestImages} held-out test images; per concept (train / test): "
                + string.Join(", ", concept.Split.Select(s => $"{s.Key} {s.Value.Train} / {s.Value.Test}")) + ".").AppendLine();
            md.AppendLine("Each cell: ids in the TIS set · share of the test images' cells it masks / that the frequency set of the same size masks. "
                + "A large set masks much of an image, so its drop says little about the set's precision:").AppendLine();
            Table(md, ["top_n \\ token_num", .. concept.TokenNum.Select(n => $"{n}")],
                concept.TopN.Select((topN, a) => (string[])[$"{topN}", .. concept.TokenNum.Select((_, b) =>
                    $"{concept.SetSize[a][b].ToString("0.#", CultureInfo.InvariantCulture)} · {Percent(concept.TisMaskedShare[a][b])} / {Percent(concept.FrequencyMaskedShare[a][b])}")]));
            foreach (var (space, table) in new[] { ("pixel", concept.Pixel), ("token", concept.Token) })
            foreach (var (evaluator, drops) in table)
            {
                md.AppendLine($"**{space} masking, evaluator {evaluator}** (rows: top_n positions counted per training image)").AppendLine();
                Table(md, ["set", .. concept.TokenNum.Select(n => $"token_num {n}")], concept.TopN.SelectMany((topN, a) => new[]
                {
                    Row($"TIS, top_n {topN}", drops.TisDrop[a], drops.TisLogitDrop[a]),
                    Row($"frequency, same size", drops.FrequencyDrop[a], drops.FrequencyLogitDrop[a]),
                }));
            }
        }
    }

    static string[] Row(string name, IReadOnlyList<double> probability, IReadOnlyList<double> logit) =>
        [name, .. probability.Zip(logit, (p, l) => $"{F(p)} / {l.ToString("0.00", CultureInfo.InvariantCulture)}")];

    static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);
}
