namespace Cortex.Web.Services;

/// <summary>What a key does in the reviewers' queue.</summary>
public enum ReviewAction { Next, Previous, Confirm, Dismiss, Open, Reason, Help }

/// <summary>
/// The reviewers' queue's keyboard shortcuts, in one place: the page acts on them, its help lists them, and the
/// browser script is handed <see cref="Keys"/> so it forwards exactly these (keys as <c>KeyboardEvent.key</c> names them).
/// </summary>
public static class ReviewShortcuts
{
    public sealed record Shortcut(ReviewAction Action, IReadOnlyList<string> Keys, string Does);

    public static readonly IReadOnlyList<Shortcut> All =
    [
        new(ReviewAction.Next, ["j", "ArrowDown"], "next finding"),
        new(ReviewAction.Previous, ["k", "ArrowUp"], "previous finding"),
        new(ReviewAction.Confirm, ["c"], "confirm the selected finding (needs a reason)"),
        new(ReviewAction.Dismiss, ["d"], "dismiss the selected finding (needs a reason)"),
        new(ReviewAction.Open, ["o", "Enter"], "open the finding's full page"),
        new(ReviewAction.Reason, ["/"], "write the reason (Esc leaves the field)"),
        new(ReviewAction.Help, ["?"], "show or hide these shortcuts"),
    ];

    public static IReadOnlyList<string> Keys { get; } = [.. All.SelectMany(s => s.Keys)];

    /// <summary>How the help shows a key: arrows as arrows, other keys as they are named.</summary>
    public static string Display(string key) => key switch
    {
        "ArrowDown" => "↓",
        "ArrowUp" => "↑",
        _ => key,
    };

    /// <summary>What <paramref name="key"/> does; null for a key that is no shortcut.</summary>
    public static ReviewAction? ActionOf(string key) => All.FirstOrDefault(s => s.Keys.Contains(key, StringComparer.Ordinal))?.Action;
}
