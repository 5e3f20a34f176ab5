using System.Globalization;

namespace Cortex.Web.Services;

/// <summary>
/// One column's filter as a person types it: text columns keep the runs whose value contains the text (any case);
/// number and time columns take a comparison — <c>&gt; 0.5</c>, <c>&lt;= 300</c>, <c>= 1</c> or a bare value for equality
/// (times as <c>2026-12-04</c> or <c>2026-12-04 21:30</c>, UTC).
/// </summary>
public sealed record RunFilter(string Column, RunColumnKind Kind, string Operator, string Text, double Number = 0, DateTime Time = default)
{
    static readonly string[] Operators = [">=", "<=", ">", "<", "="];
    static readonly string[] TimeFormats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>The filter, or the reason it is not one (naming the column and what it takes).</summary>
    public static (RunFilter? Filter, string? Error) Parse(string column, string text)
    {
        if (RunColumns.Find(column) is not { } found)
            return (null, $"There is no column \"{column}\" to filter; the columns are {string.Join(", ", RunColumns.All.Select(c => c.Key))}.");
        var trimmed = text.Trim();
        if (found.Kind == RunColumnKind.Text) return (new RunFilter(column, found.Kind, "contains", trimmed), null);
        var op = Operators.FirstOrDefault(o => trimmed.StartsWith(o, StringComparison.Ordinal)) ?? "=";
        var value = trimmed.StartsWith(op, StringComparison.Ordinal) ? trimmed[op.Length..].Trim() : trimmed;
        if (found.Kind == RunColumnKind.Number)
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? (new RunFilter(column, found.Kind, op, trimmed, Number: number), null)
                : (null, $"The {found.Header} filter \"{text}\" is not a comparison with a number; write e.g. \"> 0.5\", \"<= 300\" or \"1\".");
        return DateTime.TryParseExact(value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? (new RunFilter(column, found.Kind, op, trimmed, Time: time), null)
            : (null, $"The {found.Header} filter \"{text}\" is not a comparison with a time; write e.g. \">= 2026-12-01\" or \"< 2026-12-04 21:30\" (UTC).");
    }

    /// <summary>Every filter's problem, in column order; empty when all parse.</summary>
    public static IReadOnlyList<string> Errors(IReadOnlyDictionary<string, string>? filters) =>
        filters is null ? [] : [.. filters.Select(f => Parse(f.Key, f.Value).Error).OfType<string>()];
}
