namespace Cortex.Web.Services;

/// <summary>Where a finding's tokens sit in a token grid, and how to say so in an image's alt text.</summary>
public static class FindingHighlights
{
    /// <summary>Row-major positions of <paramref name="grid"/> holding one of <paramref name="tokens"/>, ascending.</summary>
    public static IReadOnlyList<int> Positions(IReadOnlyList<long> grid, IReadOnlyCollection<long> tokens)
    {
        var wanted = tokens.ToHashSet();
        return Enumerable.Range(0, grid.Count).Where(p => wanted.Contains(grid[p])).ToList();
    }

    /// <summary>The highlighted cells in words (rows and columns counted from 1), for people who cannot see the outlines.</summary>
    public static string Describe(IReadOnlyList<int> positions, int gridSize)
    {
        if (positions.Count == 0) return "no cell holds one of the finding's tokens";
        var cells = string.Join("; ", positions.Select(p => $"row {p / gridSize + 1}, column {p % gridSize + 1}"));
        return $"{positions.Count} of {gridSize * gridSize} cells hold the finding's tokens and are outlined: {cells}";
    }
}
