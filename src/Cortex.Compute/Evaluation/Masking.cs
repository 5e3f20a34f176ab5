namespace Cortex.Compute.Evaluation;

/// <summary>The two ways of removing positions from an image: black pixel patches (the paper) or replaced tokens (a reviewer's question).</summary>
public static class Masking
{
    /// <summary>Images [B, 3, S, S] with the patches of each image's positions set to black (−1).</summary>
    public static Tensor Pixels(Tensor images, IReadOnlyList<long[]> positions, int gridSize)
    {
        var patch = (int)images.shape[^1] / gridSize;
        using var cells = CellMask(positions, gridSize, images.device);
        using var mask = cells.unsqueeze(1).repeat_interleave(patch, 2).repeat_interleave(patch, 3);
        return images.MaskedFill(mask, -1.0);
    }

    /// <summary>Token grids [B, H, W] with each image's positions replaced by <paramref name="maskToken"/>.</summary>
    public static Tensor Tokens(Tensor tokens, IReadOnlyList<long[]> positions, long maskToken)
    {
        using var cells = CellMask(positions, (int)tokens.shape[1], tokens.device);
        return tokens.MaskedFill(cells, maskToken);
    }

    /// <summary>A [B, H, W] mask, true at each image's positions; built on the host and sent in one copy.</summary>
    static Tensor CellMask(IReadOnlyList<long[]> positions, int gridSize, Device device)
    {
        var cells = gridSize * gridSize;
        var mask = new bool[positions.Count * cells];
        for (var i = 0; i < positions.Count; i++)
            foreach (var p in positions[i]) mask[i * cells + p] = true;
        return tensor(mask, [positions.Count, gridSize, gridSize], device: device);
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
        CheckN(cells, n);
        using var generator = new Generator((ulong)seed);
        return Enumerable.Range(0, images).Select(_ => randperm(cells, generator: generator).data<long>().Take(n).ToArray()).ToList();
    }

    /// <summary>
    /// n distinct random positions per image drawn from its object's cells first, and only when the
    /// object has fewer than n cells from the rest: random cells that hit the object, so that "beats
    /// random" cannot be won by masking the object at all.
    /// </summary>
    /// <param name="objectCells">[B][H·W] whether each cell shows the image's object</param>
    public static IReadOnlyList<long[]> ObjectFirstPositions(IReadOnlyList<bool[]> objectCells, int n, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return objectCells.Select(cells =>
        {
            CheckN(cells.Length, n);
            var order = randperm(cells.Length, generator: generator).data<long>().ToArray();
            return order.Where(p => cells[p]).Concat(order.Where(p => !cells[p])).Take(n).ToArray();
        }).ToList();
    }

    static void CheckN(int cells, int n)
    {
        if (n < 0 || n > cells) throw new ArgumentException($"n must lie in 0..{cells} (the grid's positions), not {n}.", nameof(n));
    }
}
