namespace Cortex.Compute.Editing;

/// <summary>Random draws of a batch where image i's come from its own generator, so that an image's draws do not depend on the batch it is in.</summary>
static class PerImage
{
    /// <param name="shape">one image's shape; the result is [B, ..shape]</param>
    public static Tensor Draw(IReadOnlyList<Generator> generators, long[] shape, Device device, Func<long[], Generator, Device, Tensor> draw)
    {
        if (generators.Count == 1) return draw([1, .. shape], generators[0], device);
        using var scope = NewDisposeScope();
        return cat(generators.Select(g => draw([1, .. shape], g, device)).ToList(), 0).MoveToOuterDisposeScope();
    }
}
