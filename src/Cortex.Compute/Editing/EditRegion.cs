namespace Cortex.Compute.Editing;

/// <summary>The grid positions an edit may change: any set of cells of an H×W grid (row-major flat indices), not only a box.</summary>
public sealed record EditRegion
{
    public EditRegion(int gridSize, IEnumerable<int> positions)
    {
        if (gridSize < 1) throw new ArgumentException($"The grid size must be at least 1, not {gridSize}.", nameof(gridSize));
        var sorted = positions.Distinct().Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("The edit region is empty.", nameof(positions));
        var outside = sorted.Where(p => p < 0 || p >= gridSize * gridSize).ToList();
        if (outside.Count > 0)
            throw new ArgumentException($"Region positions {string.Join(", ", outside)} lie outside the {gridSize}×{gridSize} grid (0..{gridSize * gridSize - 1}).", nameof(positions));
        GridSize = gridSize;
        Positions = sorted;
    }

    public int GridSize { get; }
    public IReadOnlyList<int> Positions { get; }
    public int Count => Positions.Count;

    public static EditRegion Whole(int gridSize) => new(gridSize, Enumerable.Range(0, gridSize * gridSize));

    /// <summary>The rows <paramref name="top"/>..<paramref name="bottom"/> × columns <paramref name="left"/>..<paramref name="right"/>, inclusive.</summary>
    public static EditRegion Box(int gridSize, int top, int left, int bottom, int right)
    {
        if (top > bottom || left > right) throw new ArgumentException($"The box rows {top}..{bottom} × columns {left}..{right} is empty.");
        if (top < 0 || left < 0 || bottom >= gridSize || right >= gridSize)
            throw new ArgumentException($"The box rows {top}..{bottom} × columns {left}..{right} lies outside the {gridSize}×{gridSize} grid.");
        return new EditRegion(gridSize, from r in Enumerable.Range(top, bottom - top + 1) from c in Enumerable.Range(left, right - left + 1) select r * gridSize + c);
    }

    public bool Contains(int position) => Array.BinarySearch((int[])Positions, position) >= 0;
}
