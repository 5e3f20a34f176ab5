using Cortex.Web.Services;

namespace Cortex.Server.Accounts;

/// <summary>
/// Answers a share page's address (<c>/share/{token}</c>) with 404 when the token opens nothing, before the
/// dashboard renders it; a working link goes on to the page, which watches for the link to be revoked or expire. A public
/// comparison (<c>/share/compare?tokens=a,b</c>) opens only when every one of its tokens does.
/// </summary>
public static class ShareLinkGate
{
    public const string PathPrefix = "/share";
    public const string ComparePath = "/share/compare";

    const string Gone = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Link not found · Cortex</title></head>
        <body style="font-family:sans-serif;margin:3rem"><h1>This link does not open anything</h1>
        <p>It may have been mistyped, revoked by the person who shared it, or it has expired. Ask them for a new one.</p></body></html>
        """;

    public static IApplicationBuilder UseShareLinkGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        IShareLinkService Links() => context.RequestServices.GetRequiredService<IShareLinkService>();
        var closed = context.Request.Path.Equals(ComparePath, StringComparison.OrdinalIgnoreCase)
            ? context.Request.Query["tokens"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(t => Links().Resolve(t) is null)
            : context.Request.Path.StartsWithSegments(PathPrefix, out var rest) && rest.Value is { Length: > 1 } tail && tail.IndexOf('/', 1) < 0 && Links().Resolve(tail[1..]) is null;
        if (closed)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Gone, context.RequestAborted);
            return;
        }
        await next(context);
    });
}
