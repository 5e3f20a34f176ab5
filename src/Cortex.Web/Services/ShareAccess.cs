namespace Cortex.Web.Services;

/// <summary>
/// Cascaded by a public share page: the experiment's views add the link's token to the image and file
/// URLs they build (the server lets it read that experiment only) and leave out links into the signed-in app.
/// </summary>
public sealed record ShareAccess(string Token)
{
    public const string QueryName = "share";

    public string Url(string url) => $"{url}{(url.Contains('?') ? '&' : '?')}{QueryName}={Uri.EscapeDataString(Token)}";
}

public static class ShareAccessExtensions
{
    /// <summary>The URL as this view may fetch it: unchanged for signed-in people, with the token on a share page.</summary>
    public static string Scoped(this ShareAccess? share, string url) => share?.Url(url) ?? url;
}
