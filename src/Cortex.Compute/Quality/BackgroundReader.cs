using Cortex.Compute.World;

namespace Cortex.Compute.Quality;

/// <summary>
/// Reads which palette background an image shows: the per-channel median of its one-pixel border,
/// which objects rarely cover, snapped to the nearest background colour.
/// </summary>
public static class BackgroundReader
{
    public static IReadOnlyList<Background> Read(Tensor images)
    {
        var size = (int)images.shape[^1];
        var count = (int)images.shape[0];
        var pixels = images.detach().cpu().contiguous().data<float>().ToArray();
        var plane = size * size;
        var border = Enumerable.Range(0, plane).Where(i => i / size is 0 || i / size == size - 1 || i % size is 0 || i % size == size - 1).ToArray();
        var result = new Background[count];
        for (var n = 0; n < count; n++)
        {
            var rgb = new float[3];
            for (var c = 0; c < 3; c++)
            {
                var offset = (n * 3 + c) * plane;
                var values = border.Select(i => (pixels[offset + i] + 1f) / 2f).Order().ToArray();
                rgb[c] = values[values.Length / 2];
            }
            result[n] = Palette.NearestBackground(rgb);
        }
        return result;
    }
}
