namespace Cortex.Web.Services;

/// <summary>
/// The cells of a G×G token grid chosen as an edit region, and how pointer strokes and keys change
/// them. A region of every cell is the whole grid, which experiments spell as null; an empty region
/// is kept as an empty list so that a form can say it is empty instead of silently meaning "all".
/// </summary>
public sealed class RegionSelection
{
    readonly SortedSet<int> _cells = [];
    bool? _strokeAdds;

    public RegionSelection(int gridSize, IReadOnlyList<int>? region)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 1);
        GridSize = gridSize;
        Reset(region);
    }

    public int GridSize { get; }

    public int CellCount => GridSize * GridSize;

    public int Count => _cells.Count;

    public bool IsWholeGrid => _cells.Count == CellCount;

    /// <summary>Whether a stroke is under way (between <see cref="BeginStroke"/> and <see cref="EndStroke"/>).</summary>
    public bool Stroking => _strokeAdds is not null;

    public bool Contains(int cell) => _cells.Contains(cell);

    /// <summary>The region as experiments take it: null for the whole grid, otherwise the row-major positions in order.</summary>
    public IReadOnlyList<int>? Region => IsWholeGrid ? null : [.. _cells];

    /// <summary>Replaces the selection; positions outside the grid are dropped, since no stroke could reach them.</summary>
    public void Reset(IReadOnlyList<int>? region)
    {
        _strokeAdds = null;
        _cells.Clear();
        if (region is null) SelectAll();
        else _cells.UnionWith(region.Where(InGrid));
    }

    /// <summary>
    /// Starts a stroke on <paramref name="cell"/>: it removes cells when that cell was selected, otherwise it
    /// adds them. On the whole grid (the default) a stroke starts a new region instead, since drawing is how
    /// a person narrows it.
    /// </summary>
    public void BeginStroke(int cell)
    {
        if (!InGrid(cell)) return;
        if (IsWholeGrid) _cells.Clear();
        _strokeAdds = !_cells.Contains(cell);
        Apply(cell);
    }

    /// <summary>Adds (or removes) a cell the pointer passed over during a stroke; outside a stroke, hovering changes nothing.</summary>
    public void ExtendStroke(int cell)
    {
        if (Stroking && InGrid(cell)) Apply(cell);
    }

    /// <summary>Ends the stroke; true when one was under way.</summary>
    public bool EndStroke()
    {
        var was = Stroking;
        _strokeAdds = null;
        return was;
    }

    public void Toggle(int cell)
    {
        if (!InGrid(cell)) return;
        if (!_cells.Remove(cell)) _cells.Add(cell);
    }

    public void SelectAll() => _cells.UnionWith(Enumerable.Range(0, CellCount));

    public void Clear() => _cells.Clear();

    public void Invert()
    {
        var previous = _cells.ToHashSet();
        _cells.Clear();
        _cells.UnionWith(Enumerable.Range(0, CellCount).Where(c => !previous.Contains(c)));
    }

    /// <summary>The cell an arrow key moves <paramref name="cell"/> to, staying on the grid; null for any other key.</summary>
    public int? Move(int cell, string key)
    {
        var (row, column) = (cell / GridSize, cell % GridSize);
        (int Row, int Column)? target = key switch
        {
            "ArrowUp" => (row - 1, column),
            "ArrowDown" => (row + 1, column),
            "ArrowLeft" => (row, column - 1),
            "ArrowRight" => (row, column + 1),
            "Home" => (row, 0),
            "End" => (row, GridSize - 1),
            _ => null,
        };
        return target is (int r, int c) ? Math.Clamp(r, 0, GridSize - 1) * GridSize + Math.Clamp(c, 0, GridSize - 1) : null;
    }

    void Apply(int cell)
    {
        if (_strokeAdds == true) _cells.Add(cell);
        else _cells.Remove(cell);
    }

    bool InGrid(int cell) => cell >= 0 && cell < CellCount;
}
