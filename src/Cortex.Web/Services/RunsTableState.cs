namespace Cortex.Web.Services;

/// <summary>
/// Everything the runs table shows — status, page, order, columns, filters — as it lives in the URL, so that a link reproduces
/// the table: <c>experiments?sort=deletion_auc&amp;dir=asc&amp;cols=name,method,deletion_auc&amp;filter=model:builtin&amp;filter=steps:&gt;100</c>.
/// </summary>
public sealed record RunsTableState(string? Status, int Page, string? Sort, bool Descending, IReadOnlyList<string> Columns, IReadOnlyDictionary<string, string> Filters)
{
    public static IReadOnlyList<string> DefaultColumns { get; } = [.. RunColumns.All.Where(c => c.Shown).Select(c => c.Key)];

    /// <summary>The state a URL's query values name; unknown column keys are left out (<see cref="Unknown"/> lists them).</summary>
    public static RunsTableState From(string? status, int? page, string? sort, string? dir, string? cols, string[]? filters)
    {
        var named = cols?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var parsed = (filters ?? []).Select(f => f.Split(':', 2)).Where(p => p.Length == 2 && p[1].Trim().Length > 0)
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1].Trim());
        return new RunsTableState(status, Math.Max(1, page ?? 1), string.IsNullOrWhiteSpace(sort) ? null : sort, dir != "asc",
            named.Length == 0 ? DefaultColumns : [.. named.Where(k => RunColumns.Find(k) is not null).Distinct()], parsed)
        {
            Unknown = [.. named.Where(k => RunColumns.Find(k) is null)],
        };
    }

    /// <summary>Column keys the URL named that the table does not have.</summary>
    public IReadOnlyList<string> Unknown { get; init; } = [];

    public IEnumerable<RunColumn> Shown => Columns.Select(k => RunColumns.Find(k)!);

    public ExperimentQuery Query(int pageSize) => new(Status, null, Page, pageSize, Sort, Descending, Filters);

    /// <summary>Ordered by <paramref name="column"/>: descending first, then ascending on a second click.</summary>
    public RunsTableState SortedBy(string column) => this with { Sort = column, Descending = Sort != column || !Descending, Page = 1 };

    public RunsTableState Filtered(string column, string? text)
    {
        var filters = new Dictionary<string, string>(Filters);
        if (string.IsNullOrWhiteSpace(text)) filters.Remove(column);
        else filters[column] = text.Trim();
        return this with { Filters = filters, Page = 1 };
    }

    public RunsTableState Toggled(string column, bool shown) => this with
    {
        Columns = [.. RunColumns.All.Select(c => c.Key).Where(k => k == column ? shown : Columns.Contains(k))],
    };

    public RunsTableState WithStatus(string? status) => this with { Status = status, Page = 1 };

    /// <summary>The page's URL for this state; defaults are left out, so the plain list stays <c>experiments</c>.</summary>
    public string Link()
    {
        var parts = new List<string>();
        if (Status is not null) parts.Add($"status={Uri.EscapeDataString(Status)}");
        if (Sort is not null) parts.Add($"sort={Uri.EscapeDataString(Sort)}");
        if (Sort is not null && !Descending) parts.Add("dir=asc");
        if (!Columns.SequenceEqual(DefaultColumns)) parts.Add($"cols={string.Join(',', Columns)}");
        parts.AddRange(Filters.Select(f => $"filter={Uri.EscapeDataString($"{f.Key}:{f.Value}")}"));
        if (Page > 1) parts.Add($"page={Page}");
        return parts.Count == 0 ? "experiments" : $"experiments?{string.Join('&', parts)}";
    }
}
