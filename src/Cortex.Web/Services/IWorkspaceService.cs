namespace Cortex.Web.Services;

/// <summary>
/// How a request or circuit names its workspace. A browser keeps the choice in a cookie; a program sends
/// the header (or, for the hub's WebSocket, the query); without one a person works in their first workspace.
/// </summary>
public static class Workspaces
{
    public const string DefaultId = "default";
    public const string DefaultName = "Default";
    public const string CookieName = "cortex.workspace";
    public const string HeaderName = "X-Cortex-Workspace";
    public const string QueryName = "workspace";
}

/// <summary>A workspace as the administrators' page lists it.</summary>
public sealed record WorkspaceSummary(string Id, string Name, DateTime CreatedAt, string CreatedBy, int Members);

/// <summary>A workspace someone can work in, with their role there.</summary>
public sealed record WorkspaceMembership(string Id, string Name, Role Role);

/// <summary>A member of a workspace; <paramref name="Administrator"/>: a server administrator (admin here whatever the role says).</summary>
public sealed record MemberSummary(string UserId, string Name, Role Role, bool Administrator);

/// <summary>
/// Workspaces and their members. Concepts, experiments, findings and annotations belong to one workspace,
/// and a person's role is per workspace; the server implements it and checks every call it serves.
/// </summary>
public interface IWorkspaceService
{
    /// <summary>The workspaces <paramref name="userId"/> can switch to, by name: every one for a server administrator.</summary>
    Task<IReadOnlyList<WorkspaceMembership>> MineAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Every workspace, with its member count.</summary>
    Task<IReadOnlyList<WorkspaceSummary>> ListAsync(CancellationToken cancellationToken = default);

    Task<ServiceResult<WorkspaceSummary>> CreateAsync(string? name, string actor, CancellationToken cancellationToken = default);

    Task<ServiceResult<IReadOnlyList<MemberSummary>>> MembersAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Adds the account named <paramref name="userName"/> to the workspace or changes its role there; nobody changes their own.</summary>
    Task<ServiceResult<MemberSummary>> SetMemberAsync(string workspaceId, string? userName, Role role, string actor, CancellationToken cancellationToken = default);

    /// <summary>Takes an account out of the workspace (its work stays); nobody removes themselves.</summary>
    Task<ServiceResult<bool>> RemoveMemberAsync(string workspaceId, string userId, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// The workspace that holds an experiment, concept or finding (<paramref name="kind"/>), when
    /// <paramref name="userId"/> may work there; null otherwise. A link into another workspace of
    /// theirs then offers to switch, and reveals nothing to anyone else.
    /// </summary>
    Task<WorkspaceMembership?> LocateAsync(string kind, string id, string userId, CancellationToken cancellationToken = default);
}
