using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>The rules of reviewing a finding: its status names, the verdicts open to it, and when a comment is required.</summary>
public static class FindingReview
{
    /// <summary>The status as the API and query strings spell it.</summary>
    public static string ToQuery(FindingStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The status a query string names; null for anything else (numbers included, which enum parsing would accept).</summary>
    public static FindingStatus? ParseStatus(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(char.IsLetter) && Enum.TryParse<FindingStatus>(value, ignoreCase: true, out var status) ? status : null;

    /// <summary>The statuses a finding can move to from <paramref name="current"/>: verdicts first, reopening last.</summary>
    public static IReadOnlyList<FindingStatus> Transitions(FindingStatus current) =>
        new[] { FindingStatus.Confirmed, FindingStatus.Dismissed, FindingStatus.Open }.Where(s => s != current).ToList();

    /// <summary>The button text for moving a finding to <paramref name="target"/>.</summary>
    public static string Verb(FindingStatus target) => target switch
    {
        FindingStatus.Confirmed => "Confirm",
        FindingStatus.Dismissed => "Dismiss",
        _ => "Reopen",
    };

    /// <summary>Confirming and dismissing are verdicts an auditor must be able to trace, so they need a reason; reopening does not.</summary>
    public static bool NeedsComment(FindingStatus target) => target != FindingStatus.Open;

    /// <summary>Why a status change cannot be sent as it is; null when it can.</summary>
    public static string? CheckVerdict(FindingStatus target, string? comment) =>
        NeedsComment(target) && string.IsNullOrWhiteSpace(comment) ? $"Say why you {Verb(target).ToLowerInvariant()} this finding: a comment is required." : null;

    /// <summary>Why a plain comment cannot be sent as it is; null when it can.</summary>
    public static string? CheckComment(string? comment) => string.IsNullOrWhiteSpace(comment) ? "Write a comment first." : null;

    /// <summary>What someone else's change did to a finding, e.g. "bob dismissed this finding: not the grass"; null when nothing a reader sees moved.</summary>
    public static string? Describe(FindingDocument before, FindingDocument after, string? by)
    {
        var who = by ?? "Someone";
        var added = after.Comments.Skip(before.Comments.Count).LastOrDefault();
        var reason = string.IsNullOrWhiteSpace(added?.Text) ? "" : $": {added.Text}";
        if (after.Status != before.Status) return $"{who} {Past(after.Status)} this finding{reason}";
        return added is null ? null : $"{who} commented{reason}";
    }

    static string Past(FindingStatus status) => status switch
    {
        FindingStatus.Confirmed => "confirmed",
        FindingStatus.Dismissed => "dismissed",
        _ => "reopened",
    };
}
