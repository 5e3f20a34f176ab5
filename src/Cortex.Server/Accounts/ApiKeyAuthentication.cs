using System.Text.Encodings.Web;
using Cortex.Server.Streaming;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Accounts;

/// <summary>
/// Signs a request in by a personal API key: <c>Authorization: Bearer cortex_…</c>, or — for SignalR
/// clients, whose WebSocket cannot carry headers — the <c>access_token</c> query of a hub request.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountService accounts, WorkspaceService workspaces)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The key a request presents, or null.</summary>
    public static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        return request.Path.StartsWithSegments(ExperimentHub.Path) && request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { } key) return Task.FromResult(AuthenticateResult.NoResult());
        if (accounts.Authenticate(key) is not { } user) return Task.FromResult(AuthenticateResult.Fail("The API key is unknown or revoked."));
        var principal = AccountPrincipal.For(user, workspaces.Mine(user), AccountPrincipal.Requested(Request), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
