using Cortex.Compute.World;

namespace Cortex.Compute.Evaluation;

/// <summary>
/// The marking of a built-in-world image read from its pixels, for images that carry no ground truth
/// (generated ones): the world paints nothing else white, so a pixel is the marking's when the nearest
/// colour the world paints — an object's, a background's or the marking's — is the marking's white.
/// Only for measuring an explanation: an explanation never sees it.
/// </summary>
public static class MarkingPixels
{
    /// <param name="images">[B, 3, S, S] in [-1, 1]</param>
    /// <returns>per image a row-major S×S mask of its marking pixels</returns>
    public static IReadOnlyList<bool[]> Read(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3) throw new ArgumentException($"Images must be [B, 3, S, S], not [{string.Join(", ", images.shape)}].");
        var (count, plane) = ((int)images.shape[0], (int)(images.shape[2] * images.shape[3]));
        var pixels = images.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
        return Enumerable.Range(0, count).Select(n => Enumerable.Range(0, plane).Select(i =>
        {
            Span<float> rgb = [Unit(pixels[n * 3 * plane + i]), Unit(pixels[(n * 3 + 1) * plane + i]), Unit(pixels[(n * 3 + 2) * plane + i])];
            return IsMarking(rgb);
        }).ToArray()).ToList();
    }

    static float Unit(float value) => (value + 1f) / 2f;

    static bool IsMarking(ReadOnlySpan<float> rgb)
    {
        var white = Distance(rgb, Palette.MarkingWhite);
        foreach (var other in Others)
            if (Distance(rgb, other) <= white) return false;
        return true;
    }

    static double Distance(ReadOnlySpan<float> rgb, float[] reference)
    {
        var d = 0.0;
        for (var c = 0; c < 3; c++) d += (rgb[c] - reference[c]) * (rgb[c] - reference[c]);
        return d;
    }

    static readonly IReadOnlyList<float[]> Others =
        [.. Enum.GetValues<Colour>().Select(Palette.Rgb), .. Enum.GetValues<Background>().Select(Palette.Rgb)];
}
