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
}
