namespace Cortex.Compute.World;

/// <summary>Rendered images as tensors: images [B, 3, S, S] in [-1, 1] and class ids [B].</summary>
public static class WorldBatch
{
    public static (Tensor Images, Tensor Labels) Render(Renderer renderer, int seed, long start, int count, Device? device = null)
    {
        var images = Enumerable.Range(0, count).Select(i => renderer.Render(seed, start + i)).ToList();
        return (Stack(images).to(device ?? CPU), tensor(images.Select(i => (long)i.ClassId).ToArray(), device: device ?? CPU));
    }

    /// <summary>Images [B, 3, S, S] of already rendered images.</summary>
    public static Tensor Stack(IReadOnlyList<RenderedImage> images)
    {
        var size = images[0].Size;
        var data = new float[images.Count * 3 * size * size];
        for (var i = 0; i < images.Count; i++) images[i].Pixels.CopyTo(data, i * 3 * size * size);
        return tensor(data, [images.Count, 3, size, size]);
    }
}
