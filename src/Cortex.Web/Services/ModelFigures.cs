using System.Globalization;
using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>How model cards print sizes: parameter counts in millions or thousands, bytes in binary units.</summary>
public static class ModelFigures
{
    public static string Parameters(long count) => count switch
    {
        >= 1_000_000 => (count / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " M",
        >= 1_000 => (count / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " k",
        _ => count.ToString(CultureInfo.InvariantCulture),
    };

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    /// <summary>The one-line size summary under a model's name.</summary>
    public static string Sizes(ModelSummary model) => string.Create(CultureInfo.InvariantCulture,
        $"{model.Kind} · {model.ImageSize}×{model.ImageSize} px · {model.GridSize}×{model.GridSize} tokens · K = {model.CodebookSize}, D = {model.EmbeddingDim}");

    public static string Usage(SampleUsage usage) => string.Create(CultureInfo.InvariantCulture,
        $"{usage.DistinctTokens} of the codebook's entries ({Percent(usage.Fraction)}) in {usage.Samples} samples; perplexity {usage.Perplexity:0.#}");

    /// <summary>A quality figure as its bar reads: a share as a percentage ("100 %" against "≥ 60 %"), anything else as measured.</summary>
    public static string Measured(QualityFigure figure) => figure.IsShare
        ? (figure.Value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %"
        : figure.Value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
