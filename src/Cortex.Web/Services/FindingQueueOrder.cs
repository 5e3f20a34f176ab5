using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>The two orders of the reviewers' queue, as the address spells them.</summary>
public enum FindingQueueSort { Age, Effect }

/// <summary>
/// How the reviewers' queue orders open findings, and which one a reviewer lands on when one leaves. Oldest first
/// is the default: a queue served in arrival order lets no finding wait forever behind stronger ones, while the
/// strongest effects are one toggle away.
/// </summary>
public static class FindingQueueOrder
{
    public const FindingQueueSort Default = FindingQueueSort.Age;

    public static string ToQuery(FindingQueueSort sort) => sort.ToString().ToLowerInvariant();

    /// <summary>The sort a query string names (absent: the default); null for anything else.</summary>
    public static FindingQueueSort? Parse(string? value) => value switch
    {
        null or "" => Default,
        _ when value.All(char.IsLetter) && Enum.TryParse<FindingQueueSort>(value, ignoreCase: true, out var sort) => sort,
        _ => null,
    };

    /// <summary>
    /// Oldest first, or the largest |Cliff's δ| first with findings that carry none (raised by hand) last; ties go
    /// to the older finding, so both orders are stable from one load to the next.
    /// </summary>
    public static List<FindingDocument> Order(IEnumerable<FindingDocument> findings, FindingQueueSort sort)
    {
        var byAge = findings.OrderBy(f => f.CreatedAt).ThenBy(f => f.Id, StringComparer.Ordinal);
        return sort == FindingQueueSort.Age
            ? [.. byAge]
            : [.. byAge.OrderBy(f => FindingEvidence.CliffsDelta(f) is null).ThenByDescending(f => Math.Abs(FindingEvidence.CliffsDelta(f) ?? 0))];
    }
}
