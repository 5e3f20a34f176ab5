using System.Security.Claims;
using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>What a person may do in a workspace, each role including the ones below it.</summary>
public enum Role
{
    /// <summary>Reads everything in the workspace.</summary>
    Viewer = 1,
    /// <summary>Creates concepts, runs experiments, annotates, creates share links.</summary>
    Editor = 2,
    /// <summary>An editor who also changes a finding's status.</summary>
    Reviewer = 3,
    /// <summary>A reviewer who also manages the workspace's members.</summary>
    Admin = 4,
}

/// <summary>The claims Cortex puts on a signed-in person (cookie or API key) and the policies that read them.</summary>
public static class CortexAuth
{
    /// <summary>The role in the current workspace (a server administrator is admin in every one).</summary>
    public const string RoleClaim = "cortex:role";
    public const string UserIdClaim = "cortex:user";
    public const string WorkspaceClaim = "cortex:workspace";
    public const string WorkspaceNameClaim = "cortex:workspace-name";
    /// <summary>Present on a server administrator: accounts, workspaces, models and settings.</summary>
    public const string AdministratorClaim = "cortex:administrator";
    /// <summary>The policy of what only a server administrator may do.</summary>
    public const string AdministratorPolicy = "administrator";

    /// <summary>Authorization policy names, one per role: the role or any above it in the current workspace passes.</summary>
    public static string Policy(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>The workspace a request or circuit works in, or null for someone who belongs to none.</summary>
    public static string? WorkspaceOf(ClaimsPrincipal? principal) => principal?.FindFirst(WorkspaceClaim)?.Value;

    public static bool IsAdministrator(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true && principal.HasClaim(c => c.Type == AdministratorClaim);

    public static Role? RoleOf(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true && Enum.TryParse<Role>(principal.FindFirst(RoleClaim)?.Value, ignoreCase: true, out var role) ? role : null;

    /// <summary>A role by its name (viewer, editor, reviewer, admin; any case), never by number; null for anything else.</summary>
    public static Role? ParseRole(string? name) =>
        Enum.TryParse<Role>(name, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(name, out _) ? role : null;

    public static bool Can(ClaimsPrincipal? principal, Role needed) => RoleOf(principal) >= needed;

    public static string? UserIdOf(ClaimsPrincipal? principal) => principal?.FindFirst(UserIdClaim)?.Value;
}

/// <summary>A local account as pages and the API show it (never its password hash); <paramref name="Administrator"/>: a server administrator.</summary>
public sealed record UserSummary(string Id, string Name, bool Administrator, DateTime CreatedAt, string CreatedBy);

/// <summary>A personal API key as listed: its id (the public prefix of the key) and when it was made, last used or revoked.</summary>
public sealed record ApiKeySummary(string Id, string Name, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>A key just created: <paramref name="Secret"/> is the whole key, shown this once and stored only hashed.</summary>
public sealed record NewApiKey(ApiKeySummary Key, string Secret);

/// <summary>One line of the audit trail: who did what to which experiment, finding, concept, model or account, and when.</summary>
public sealed record AuditEntry(DateTime At, string Actor, string Action, string TargetKind, string TargetId, string Detail);

/// <summary>Accounts, their roles and API keys. The server implements it; every call that changes something names who acts.</summary>
public interface IAccountService
{
    /// <summary>True until an admin exists: then the one-time setup page is open.</summary>
    Task<bool> NeedsSetupAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates an account that joins <paramref name="workspaceId"/> with <paramref name="role"/>.</summary>
    Task<ServiceResult<UserSummary>> CreateUserAsync(string? name, string? password, string workspaceId, Role role, string actor, CancellationToken cancellationToken = default);

    /// <summary>Makes an account a server administrator or takes that away; the last administrator stays one.</summary>
    Task<ServiceResult<UserSummary>> SetAdministratorAsync(string userId, bool administrator, string actor, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ApiKeySummary>> ListKeysAsync(string userId, CancellationToken cancellationToken = default);

    Task<ServiceResult<NewApiKey>> CreateKeyAsync(string userId, string? name, CancellationToken cancellationToken = default);

    Task<ServiceResult<bool>> RevokeKeyAsync(string userId, string keyId, CancellationToken cancellationToken = default);

    /// <summary>The audit trail of one experiment, finding, concept, model or user, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> AuditAsync(string targetId, CancellationToken cancellationToken = default);
}

/// <summary>
/// The browser side of signing in: plain HTML forms post to these server endpoints (form fields
/// <c>name</c>, <c>password</c>, <c>returnUrl</c>, and the antiforgery token), which set or clear the
/// sign-in cookie and redirect; a refused sign-in redirects back with <c>?error=</c>.
/// </summary>
public static class AccountUrls
{
    public const string SignInPage = "/signin";
    public const string SetupPage = "/setup";
    /// <summary>Where the cookie scheme sends a signed-in person whose role a page refuses on a full page load (<c>AccessDeniedPath</c>, with <c>?returnUrl=</c>).</summary>
    public const string AccessDeniedPage = "/access-denied";
    /// <summary>Where a refused form post without a page of its own sends the browser (<c>?reason=</c>, see <see cref="FormRefusals"/>).</summary>
    public const string FormRefusedPage = "/form-refused";
    public const string SignIn = "/account/signin";
    public const string SignOut = "/account/signout";
    public const string Setup = "/account/setup";
    /// <summary>Form post (fields <c>workspace</c>, <c>returnUrl</c>): makes that workspace the current one and reloads the page.</summary>
    public const string SwitchWorkspace = "/account/workspace";
}
