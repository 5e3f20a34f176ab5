using System.Security.Claims;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Accounts;

/// <summary>
/// An open dashboard keeps the person it started with; every <see cref="CortexOptions.CircuitRevalidationSeconds"/>
/// this reads the account again, in the workspace the page works in, and hands the page the new principal when
/// the role, the membership or administration changed: buttons and pages follow at once, and someone removed
/// from the workspace sees nothing more of it. A removed account is signed out of the page.
/// </summary>
public sealed class CircuitAccountRefresh(ILoggerFactory logger, CortexDatabase database, WorkspaceService workspaces, IOptions<CortexOptions> options)
    : RevalidatingServerAuthenticationStateProvider(logger)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(options.Value.CircuitRevalidationSeconds);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        var current = state.User;
        if (CortexAuth.UserIdOf(current) is not { } id || database.Users.FindById(id) is not { } user) return Task.FromResult(false);
        var fresh = AccountPrincipal.For(user, workspaces.Mine(user), new WorkspaceRequest(CortexAuth.WorkspaceOf(current), Explicit: true),
            current.Identity?.AuthenticationType ?? "cookie");
        // Handing over a new state restarts this loop with it.
        if (Summary(fresh) != Summary(current)) SetAuthenticationState(Task.FromResult(new AuthenticationState(fresh)));
        return Task.FromResult(true);
    }

    static (string? Workspace, Role? Role, bool Administrator) Summary(ClaimsPrincipal principal) =>
        (CortexAuth.WorkspaceOf(principal), CortexAuth.RoleOf(principal), CortexAuth.IsAdministrator(principal));
}
