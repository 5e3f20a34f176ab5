using System.Globalization;

namespace Cortex.Web.Services;

/// <summary>
/// Addresses of the images and downloads the dashboard links to. The server maps the same routes, so
/// a page and an API client see the same bytes; images are plain URLs (cached by the browser), never
/// pushed through the Blazor circuit.
/// </summary>
public static class ApiUrls
{
    /// <summary>
    /// Decoded support image <paramref name="index"/> of a concept's support set of <paramref name="count"/> images drawn with
    /// <paramref name="seed"/>. A <paramref name="version"/> (the concept's last change) gives an edited concept's images a new address.
    /// </summary>
    public static string SupportImage(string conceptId, int index, int count, int seed, DateTime? version = null) =>
        Invariant($"api/concepts/{Uri.EscapeDataString(conceptId)}/support/{index}.png?count={count}&seed={seed}")
        + (version is { } v ? Invariant($"&v={v.Ticks}") : "");

    /// <summary>
    /// Uploaded image <paramref name="index"/> of a concept, as stored (a PNG at the model's size).
    /// <paramref name="version"/> (the concept's last change) makes the address new whenever the images move.
    /// </summary>
    public static string ConceptImage(string conceptId, int index, DateTime version) =>
        Invariant($"api/concepts/{Uri.EscapeDataString(conceptId)}/images/{index}.png?v={version.Ticks}");

    /// <summary>Decoded support image <paramref name="index"/> of an experiment (its images.npy).</summary>
    public static string ExperimentImage(string experimentId, int index) => Invariant($"api/experiments/{Uri.EscapeDataString(experimentId)}/images/{index}.png");

    public static string ExperimentFile(string experimentId, string name) => $"api/experiments/{Uri.EscapeDataString(experimentId)}/files/{Uri.EscapeDataString(name)}";

    public static string ExperimentZip(string experimentId) => $"api/experiments/{Uri.EscapeDataString(experimentId)}/export.zip";

    /// <summary>
    /// Every codebook entry decoded alone on a whole grid, its centre cell as a square tile of
    /// (image size / grid size) × 4 pixels; <see cref="CodebookSpriteColumns"/> tiles a row, no gaps:
    /// entry i at column i % 32, row i / 32.
    /// </summary>
    public static string CodebookSprite(string modelId) => $"api/models/{Uri.EscapeDataString(modelId)}/codebook.png";

    public const int CodebookSpriteColumns = 32;

    /// <summary>Crops of encoded world images around the positions holding a codebook entry (its appearance in context).</summary>
    public static string TokenContexts(string modelId, long token) => Invariant($"api/models/{Uri.EscapeDataString(modelId)}/codebook/{token}/contexts.png");

    static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
