namespace Cortex.Server.Hosting;

/// <summary>
/// Headers every answer carries: no MIME sniffing, no framing (clickjacking), no referrer leaving the
/// server, and a content policy that loads scripts, styles, images and connections only from the
/// server itself: no inline script at all; inline styles (MudBlazor styles elements inline) and data
/// URLs for images (sample images arrive as data URLs) stay allowed.
/// </summary>
public static class SecurityHeaders
{
    const string ContentPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = ContentPolicy;
        return next(context);
    });
}
