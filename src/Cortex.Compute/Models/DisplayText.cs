using System.Globalization;

namespace Cortex.Compute.Models;

/// <summary>
/// Names and labels that come from users' files and end up on every page that lists a model: short,
/// not blank, and free of characters a reader cannot see — control characters, and format characters
/// such as the bidirectional overrides (U+202A–U+202E, U+2066–U+2069) that make text read backwards.
/// </summary>
public static class DisplayText
{
    public const int MaxLength = 100;

    /// <summary>Why <paramref name="text"/> cannot be shown as <paramref name="what"/>, or null when it can.</summary>
    public static string? Problem(string text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return $"{what} is empty.";
        if (text.Length > MaxLength) return $"{what} has {text.Length:N0} characters; at most {MaxLength}.";
        foreach (var c in text)
            if (IsInvisible(c)) return $"{what} holds the invisible character U+{(int)c:X4}; use visible characters only.";
        return null;
    }

    public static bool IsInvisible(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
