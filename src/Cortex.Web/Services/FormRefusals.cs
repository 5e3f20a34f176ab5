namespace Cortex.Web.Services;

/// <summary>Why the server turned a dashboard form post away.</summary>
public enum FormRefusal
{
    /// <summary>Its antiforgery token did not check out: the page was open too long, or the server's keys changed.</summary>
    Expired,
    /// <summary>Its fields could not be read as that form's.</summary>
    Unreadable,
    /// <summary>Too many tries from one address within a minute.</summary>
    TooManyAttempts,
    /// <summary>It needs a signed-in person and the sign-in had ended.</summary>
    SignedOut,
}

/// <summary>The words for each <see cref="FormRefusal"/>, and the short codes that carry it in a page address.</summary>
public static class FormRefusals
{
    public static string Message(FormRefusal reason) => reason switch
    {
        FormRefusal.Expired => "The form had expired (the page was open for a long time, or the server restarted). Reload the page and send it again.",
        FormRefusal.Unreadable => "The form arrived incomplete or in a shape the server does not take. Reload the page and send it again.",
        FormRefusal.TooManyAttempts => "Too many tries from this address in the last minute. Wait a minute, then try again.",
        FormRefusal.SignedOut => "Your sign-in has ended. Sign in again.",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string Code(FormRefusal reason) => reason.ToString().ToLowerInvariant();

    /// <summary>The reason a code names; an unknown code reads as <see cref="FormRefusal.Unreadable"/>, so the page never echoes what the address says.</summary>
    public static FormRefusal Parse(string? code) =>
        Enum.GetValues<FormRefusal>().FirstOrDefault(r => string.Equals(Code(r), code, StringComparison.Ordinal), FormRefusal.Unreadable);
}
