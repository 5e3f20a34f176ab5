namespace Cortex.Compute.Evaluation;

/// <summary>The two ways of removing positions from an image: black pixel patches (the paper) or replaced tokens (a reviewer's question).</summary>
public static class Masking
{
    /// <summary>Images [B, 3, S, S] with the patches of each image's positions set to black (−1).</summary>
    public static Tensor Pixels(Tensor images, IReadOnlyList<long[]> positions, int gridSize)
    {
        using var mask = GridPatches.PixelMask(positions, gridSize, (int)images.shape[^1], images.device);
        return images.MaskedFill(mask, -1.0);
    }

    /// <summary>Token grids [B, H, W] with each image's positions replaced by <paramref name="maskToken"/>.</summary>
    public static Tensor Tokens(Tensor tokens, IReadOnlyList<long[]> positions, long maskToken)
    {
        var masked = tokens.clone();
        var flat = masked.view(tokens.shape[0], -1);
        for (var i = 0; i < positions.Count; i++)
            if (positions[i].Length > 0) flat[i].IndexFill_(0, tensor(positions[i], device: tokens.device), maskToken);
        return masked;
    }

    /// <summary>Each image's positions whose token id is in <paramref name="tokenSet"/>.</summary>
    public static IReadOnlyList<long[]> PositionsOf(Tensor tokens, IReadOnlySet<long> tokenSet)
    {
        var cells = (int)(tokens.shape[1] * tokens.shape[2]);
        var flat = tokens.cpu().contiguous().data<long>().ToArray();
        return Enumerable.Range(0, (int)tokens.shape[0])
            .Select(i => Enumerable.Range(0, cells).Where(p => tokenSet.Contains(flat[i * cells + p])).Select(p => (long)p).ToArray())
            .ToList();
    }

    /// <summary>n distinct random positions per image, seeded.</summary>
    public static IReadOnlyList<long[]> RandomPositions(int images, int cells, int n, int seed)
    {
        if (n < 0 || n > cells) throw new ArgumentException($"n must lie in 0..{cells} (the grid's positions), not {n}.", nameof(n));
        using var generator = new Generator((ulong)seed);
        return Enumerable.Range(0, images).Select(_ => randperm(cells, generator: generator).data<long>().Take(n).ToArray()).ToList();
    }
}
