using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Cortex.Server.Storage;
using Cortex.Server.Streaming;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Accounts;

/// <summary>
/// Lets a request in by a share link's token (<c>?share=…</c>, the query the share page adds to the image, file
/// and hub URLs it uses). The principal carries no role, only the experiment and model the link opens; <see
/// cref="ShareGrant"/> decides what it may read. An unknown, revoked or expired token, or a request beyond the
/// grant, answers 404: a link that stopped working looks like one that never existed.
/// </summary>
public sealed class ShareLinkAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IShareLinkService links, CortexDatabase database) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ShareLink";
    public const string LinkClaim = "cortex:share-link";
    public const string ExperimentClaim = "cortex:share-experiment";
    public const string ModelClaim = "cortex:share-model";
    const string ExpiryClaim = "cortex:share-expires";

    /// <summary>The token an API or hub request presents, or null; pages never sign in by one (the share page is public).</summary>
    public static string? Presented(HttpRequest request) =>
        (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments(ExperimentHub.Path))
        && request.Query[ShareAccess.QueryName] is { Count: 1 } values && values[0] is { Length: > 0 } token ? token : null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { } token) return Task.FromResult(AuthenticateResult.NoResult());
        if (links.Resolve(token) is not { } link || database.Experiments.FindById(link.ExperimentId) is not { } experiment)
            return Task.FromResult(AuthenticateResult.Fail("The share link is unknown, revoked or expired."));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(LinkClaim, link.Id),
            new Claim(ExperimentClaim, experiment.Id),
            new Claim(ModelClaim, experiment.ModelId),
            .. link.ExpiresAt is { } end ? [new Claim(ExpiryClaim, end.ToString("O", CultureInfo.InvariantCulture))] : Array.Empty<Claim>(),
        ], SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    /// <summary>When the principal's link expires, or null for one that lasts until revoked.</summary>
    public static DateTime? ExpiryOf(ClaimsPrincipal user) => user.FindFirst(ExpiryClaim)?.Value is { } value
        ? DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
        : null;

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => NotFound();

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => NotFound();

    Task NotFound()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
