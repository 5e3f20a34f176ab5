using Cortex.Compute.Evaluation;
using Cortex.Compute.Imaging;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Protocols;

/// <summary>The report's PNG figures: saliency overlays per method, deletion curves, before/after codebook edits.</summary>
static class PaperFigures
{
    /// <summary>Pixels per image pixel: 4 for the built-in worlds' small images, fewer so that no tile exceeds 256 pixels.</summary>
    static int Scale(IVqModel model) => Math.Clamp(256 / model.ImageSize, 1, 4);

    /// <param name="concepts">the concepts' names, by the extractors' class index</param>
    public static IReadOnlyDictionary<string, byte[]> Draw(IVqModel model, Module<Tensor, Tensor> extractor, Tensor testTokens, Tensor testLabels,
        IReadOnlyList<string> concepts, PaperOptions options, IReadOnlyDictionary<string, DeletionCurve> curves, IReadOnlyList<CodebookStage.PairFigure> edits,
        RandomizationReport randomization)
    {
        var figures = new Dictionary<string, byte[]>
        {
            ["saliency.png"] = Saliency(model, extractor, testTokens, testLabels, concepts, options),
            ["deletion.png"] = DeletionCurve.Chart(curves).Png(),
        };
        figures["codebook.png"] = CodebookFigure.Draw(edits, model.ImageSize, Scale(model));
        foreach (var (file, chart) in RandomizationReport.Charts(randomization)) figures[file] = chart.Png();
        return figures;
    }

    /// <summary>One row per image (titled with its concept): the decoded image, then its TIS overlay for every method.</summary>
    static byte[] Saliency(IVqModel model, Module<Tensor, Tensor> extractor, Tensor testTokens, Tensor testLabels, IReadOnlyList<string> concepts, PaperOptions options)
    {
        var count = (int)Math.Min(options.Figures, testTokens.shape[0]);
        using var tokens = testTokens.narrow(0, 0, count);
        using var labels = testLabels.narrow(0, 0, count);
        using var decoded = EvaluatorScores.Decode(model, tokens);
        var images = ImageRows.Of(decoded);
        var methods = Enum.GetValues<ImportanceMethod>();
        var maps = methods.Select(method =>
        {
            using var result = AttributionStage.Scores(extractor, model, tokens, labels, options.Importance with { Method = method });
            return result.Scores.cpu().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        }).ToList();
        var cells = model.GridSize * model.GridSize;
        var tiles = new List<float[]>();
        for (var i = 0; i < count; i++)
            tiles.AddRange(Heatmap.Row(images[i], model.ImageSize, maps.Select(map => map[(i * cells)..((i + 1) * cells)]), model.GridSize, opacity: 0.55));
        var grid = new FigureGrid(model.ImageSize, maps.Count + 1, Scale(model))
        {
            ColumnTitles = ["decoded", .. methods.Select(ImportanceNames.Name)],
            RowTitles = labels.cpu().data<long>().Select(label => concepts[(int)label]).ToList(),
            ColourBar = $"TIS of the true concept, min–max normalized per image and method ({ImportanceNames.Name(options.Importance.Reduction)} over D)",
        };
        return grid.Png(tiles);
    }
}
