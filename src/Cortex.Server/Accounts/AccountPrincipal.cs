using System.Security.Claims;
using Cortex.Server.Streaming;
using Cortex.Web.Services;

namespace Cortex.Server.Accounts;

/// <summary>
/// The claims of a signed-in account for one request: who it is, whether a server administrator, and the
/// workspace it works in with its role there. Built afresh for every request (cookie or key) from the
/// stored account, so a changed role, membership or removed workspace counts at once.
/// </summary>
public static class AccountPrincipal
{
    public static ClaimsPrincipal For(UserDocument user, IReadOnlyList<WorkspaceMembership> mine, string? requested, string scheme)
    {
        var workspace = mine.FirstOrDefault(w => w.Id == requested) ?? mine.FirstOrDefault();
        List<Claim> claims = [new(ClaimTypes.Name, user.Name), new(CortexAuth.UserIdClaim, user.Id)];
        if (user.IsAdministrator) claims.Add(new(CortexAuth.AdministratorClaim, "true"));
        if (workspace is not null)
        {
            claims.Add(new(CortexAuth.WorkspaceClaim, workspace.Id));
            claims.Add(new(CortexAuth.WorkspaceNameClaim, workspace.Name));
            claims.Add(new(CortexAuth.RoleClaim, workspace.Role.ToString()));
        }
        return new(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, CortexAuth.RoleClaim));
    }

    /// <summary>The workspace a request names: the header, then (for the hub's WebSocket, which carries no headers) the query, then the cookie.</summary>
    public static string? Requested(HttpRequest request) =>
        request.Headers[Workspaces.HeaderName].ToString() is { Length: > 0 } header ? header
        : request.Path.StartsWithSegments(ExperimentHub.Path) && request.Query[Workspaces.QueryName].ToString() is { Length: > 0 } query ? query
        : request.Cookies[Workspaces.CookieName];
}
