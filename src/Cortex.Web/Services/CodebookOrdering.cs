namespace Cortex.Web.Services;

/// <summary>The orders the codebook explorer lists entries in.</summary>
public enum CodebookSort { Usage, Importance, Id }

/// <summary>Which codebook entries the explorer shows, and in which order.</summary>
public static class CodebookOrdering
{
    /// <summary>
    /// Token ids, most used first, most important first (mean TIS for one concept) or by id. Ties fall back
    /// to the id so equal entries keep a stable place. Without an importance map, importance order is usage
    /// order: the grid stays meaningful while the reviewer still picks a concept.
    /// </summary>
    public static IReadOnlyList<int> Order(IReadOnlyList<double> share, CodebookSort sort, IReadOnlyDictionary<long, double>? importance = null, bool hideUnused = false)
    {
        var tokens = Enumerable.Range(0, share.Count).Where(t => !hideUnused || share[t] > 0);
        return (sort switch
        {
            CodebookSort.Id => tokens,
            CodebookSort.Importance when importance is not null => tokens.OrderByDescending(t => importance.GetValueOrDefault(t)).ThenBy(t => t),
            _ => tokens.OrderByDescending(t => share[t]).ThenBy(t => t),
        }).ToList();
    }

    /// <summary>1 for the most used entry; entries used equally share a rank.</summary>
    public static int UsageRank(IReadOnlyList<double> share, long token) => 1 + share.Count(s => s > share[(int)token]);

    /// <summary>The sort a query string names (usage when it names none); null for a name that is no sort.</summary>
    public static CodebookSort? ParseSort(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "usage" => CodebookSort.Usage,
        "importance" => CodebookSort.Importance,
        "id" => CodebookSort.Id,
        _ => null,
    };

    public static string ToQuery(CodebookSort sort) => sort.ToString().ToLowerInvariant();
}
