using System.Globalization;
using System.Text;

namespace Cortex.Server.Storage;

/// <summary>
/// What text people give may be stored, for every service alike. A name (of a concept, experiment, workspace, key, a
/// finding's title) is one line of visible text; a text (a description, comment, annotation) may also break lines and
/// hold tabs. Neither may hold other control characters or invisible formatting ones (Unicode Cc, Cf): a direction
/// override (U+202E) makes a name read differently from what it is, and a zero-width one makes two names look alike.
/// Every string is capped, since each is sent back with every list that holds it.
/// </summary>
public static class StoredText
{
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 4_000;

    /// <summary>What is wrong with a name, or null; <paramref name="value"/> as it will be stored (trimmed).</summary>
    public static string? NameProblem(string value, int maxLength = MaxNameLength) =>
        value.Length > maxLength ? TooLong(value, maxLength) : Hidden(value, multiline: false) is { } found ? $"{found}; a name is one line of visible text." : null;

    /// <summary>What is wrong with a text that may span lines, or null.</summary>
    public static string? TextProblem(string value, int maxLength = MaxTextLength) =>
        value.Length > maxLength ? TooLong(value, maxLength) : Hidden(value, multiline: true) is { } found ? $"{found}; of those, a text may hold only line breaks and tabs." : null;

    /// <summary><paramref name="value"/> without the characters a name must not hold.</summary>
    public static string WithoutHidden(string value) => string.Concat(value.EnumerateRunes().Where(r => !IsHidden(r)));

    /// <summary>A control, invisible formatting or line separating character.</summary>
    static bool IsHidden(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    static string TooLong(string value, int maxLength) => $"At most {maxLength} characters, not {value.Length}.";

    /// <summary>The first character not allowed, in words with its position, or null.</summary>
    static string? Hidden(string value, bool multiline)
    {
        for (var i = 0; i < value.Length;)
        {
            Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var length);
            // A line may end in "\r\n" as well as "\n"; a lone "\r" would overwrite the line on a terminal.
            var lineBreak = rune.Value is '\n' or '\t' || (rune.Value == '\r' && i + 1 < value.Length && value[i + 1] == '\n');
            if (IsHidden(rune) && !(multiline && lineBreak)) return $"Holds {Kind(rune)} (U+{rune.Value:X4}) at position {i + 1}";
            i += length;
        }
        return null;
    }

    static string Kind(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control => rune.Value is '\n' or '\r' ? "a line break" : rune.Value == '\t' ? "a tab" : "a control character",
        UnicodeCategory.Format when rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 => "a text direction override",
        UnicodeCategory.Format => "an invisible formatting character",
        _ => "a line separator",
    };
}
