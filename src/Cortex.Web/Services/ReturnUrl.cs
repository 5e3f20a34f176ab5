namespace Cortex.Web.Services;

/// <summary>Where sign-in sends a person back to: only an address on this site, so a link cannot bounce a fresh session elsewhere.</summary>
public static class ReturnUrl
{
    /// <summary>The sign-in page that returns to <paramref name="relativeUrl"/> afterwards.</summary>
    public static string SignInFor(string relativeUrl) => $"{AccountUrls.SignInPage}?returnUrl={Uri.EscapeDataString(Local(relativeUrl))}";

    /// <summary><paramref name="url"/> when it is a path on this site ("/experiments/e1?tab=live"), else the home page.</summary>
    public static string Local(string? url) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
