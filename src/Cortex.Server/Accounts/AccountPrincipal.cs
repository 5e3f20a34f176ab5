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
    /// <summary>
    /// The principal working in the workspace <paramref name="requested"/> names — when the account may — or else in its first.
    /// A workspace a program named explicitly (<see cref="WorkspaceRequest.Explicit"/>) is never swapped for another: a
    /// mistyped header must not write into the wrong workspace, so the request gets no workspace and no role.
    /// </summary>
    public static ClaimsPrincipal For(UserDocument user, IReadOnlyList<WorkspaceMembership> mine, WorkspaceRequest requested, string scheme)
    {
        var workspace = mine.FirstOrDefault(w => w.Id == requested.Id) ?? (requested.Explicit ? null : mine.FirstOrDefault());
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

    /// <summary>The workspace a request names: the header, then (for the hub's WebSocket, which carries no headers) the query, then the browser's cookie.</summary>
    public static WorkspaceRequest Requested(HttpRequest request) =>
        request.Headers[Workspaces.HeaderName].ToString() is { Length: > 0 } header ? new(header, Explicit: true)
        : request.Path.StartsWithSegments(ExperimentHub.Path) && request.Query[Workspaces.QueryName].ToString() is { Length: > 0 } query ? new(query, Explicit: true)
        : new(request.Cookies[Workspaces.CookieName], Explicit: false);
}

/// <summary>A workspace a request asks for: named by a program (header or query), or remembered by a browser (a cookie, which may be stale).</summary>
public readonly record struct WorkspaceRequest(string? Id, bool Explicit)
{
    public static readonly WorkspaceRequest None = new(null, false);
}
