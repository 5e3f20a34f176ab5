using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Cortex.Web.Services;

/// <summary>
/// Who is signed in on this circuit: the name that signs annotations, concepts, experiments and
/// reviews, and the role that decides which actions the dashboard offers. Components render from it
/// and check <see cref="Can"/> again in their handlers before they call a service: components run on
/// the server, so that check is the server's check for the dashboard path.
/// </summary>
public sealed class CurrentUser : IDisposable
{
    readonly AuthenticationStateProvider _provider;
    ClaimsPrincipal _principal = new(new ClaimsIdentity());

    public CurrentUser(AuthenticationStateProvider provider)
    {
        _provider = provider;
        _provider.AuthenticationStateChanged += OnChanged;
        OnChanged(_provider.GetAuthenticationStateAsync());
    }

    /// <summary>False for a visitor, who may open only sign-in and setup.</summary>
    public bool IsSignedIn => _principal.Identity?.IsAuthenticated == true;

    /// <summary>The account's name, or empty when nobody is signed in (every page but sign-in and setup needs someone).</summary>
    public string Name => _principal.Identity?.IsAuthenticated == true ? _principal.Identity.Name ?? "" : "";

    /// <summary>The account's role in the current workspace, or null when nobody is signed in or they belong to no workspace.</summary>
    public Role? Role => CortexAuth.RoleOf(_principal);

    /// <summary>The workspace this circuit works in, or null for someone who belongs to none.</summary>
    public string? Workspace => CortexAuth.WorkspaceOf(_principal);

    public string WorkspaceName => _principal.FindFirst(CortexAuth.WorkspaceNameClaim)?.Value ?? Workspace ?? "";

    /// <summary>A server administrator: accounts, workspaces, models and settings.</summary>
    public bool IsAdministrator => CortexAuth.IsAdministrator(_principal);

    /// <summary>The account's id, which its API keys and the audit trail use.</summary>
    public string? Id => CortexAuth.UserIdOf(_principal);

    /// <summary>True when the role is <paramref name="needed"/> or above it.</summary>
    public bool Can(Role needed) => CortexAuth.Can(_principal, needed);

    /// <summary>Raised when the authentication state changes, so text read from here can refresh.</summary>
    public event Action? Changed;

    // On Blazor Server the circuit starts with the cookie's user, so the first task is already done and
    // the first render sees the right person; a later or pending one lands when it completes.
    async void OnChanged(Task<AuthenticationState> state)
    {
        _principal = (await state).User;
        Changed?.Invoke();
    }

    public void Dispose() => _provider.AuthenticationStateChanged -= OnChanged;
}
