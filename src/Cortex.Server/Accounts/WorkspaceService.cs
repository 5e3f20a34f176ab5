using System.Text.RegularExpressions;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Accounts;

/// <summary>
/// Workspaces and memberships in LiteDB. Who may call what is the endpoints' and pages' check (server
/// administrators create workspaces, a workspace's admins manage its members); this keeps the data whole:
/// one membership per account and workspace, nobody changing their own, every change in the audit trail.
/// </summary>
public sealed partial class WorkspaceService(CortexDatabase database, AuditLog audit, TimeProvider clock) : IWorkspaceService
{
    const int MaxNameLength = 64;

    public Task<IReadOnlyList<WorkspaceMembership>> MineAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Mine(userId));

    /// <summary>The workspaces an account works in, the default one first, then by name; none for an unknown account.</summary>
    public IReadOnlyList<WorkspaceMembership> Mine(string userId) => database.Users.FindById(userId) is { } user ? Mine(user) : [];

    /// <summary>The workspaces of an account already read (sign-in paths read it anyway, on every request).</summary>
    public IReadOnlyList<WorkspaceMembership> Mine(UserDocument user)
    {
        var names = database.Workspaces.FindAll().ToDictionary(w => w.Id, w => w.Name);
        IEnumerable<WorkspaceMembership> mine = user.IsAdministrator
            ? names.Select(w => new WorkspaceMembership(w.Key, w.Value, Role.Admin))
            : database.Memberships.Find(m => m.UserId == user.Id).Where(m => names.ContainsKey(m.WorkspaceId)).Select(m => new WorkspaceMembership(m.WorkspaceId, names[m.WorkspaceId], m.Role));
        return [.. mine.OrderBy(w => w.Id != Workspaces.DefaultId).ThenBy(w => w.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public Task<IReadOnlyList<WorkspaceSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var counts = database.Memberships.FindAll().GroupBy(m => m.WorkspaceId).ToDictionary(g => g.Key, g => g.Count());
        return Task.FromResult<IReadOnlyList<WorkspaceSummary>>([.. database.Workspaces.FindAll().OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase)
            .Select(w => new WorkspaceSummary(w.Id, w.Name, w.CreatedAt, w.CreatedBy, counts.GetValueOrDefault(w.Id)))]);
    }

    public Task<ServiceResult<WorkspaceSummary>> CreateAsync(string? name, string actor, CancellationToken cancellationToken = default)
    {
        var trimmed = name?.Trim() ?? "";
        var id = Slug(trimmed);
        var problem = trimmed.Length == 0 ? $"1 to {MaxNameLength} characters."
            : StoredText.NameProblem(trimmed, MaxNameLength)
            ?? (id.Length == 0 ? "The name needs at least one letter or digit."
            : database.Workspaces.FindById(id) is not null || database.Workspaces.Exists(w => w.Name == trimmed) ? $"A workspace named '{trimmed}' exists."
            : null);
        if (problem is not null) return Task.FromResult(ServiceResult<WorkspaceSummary>.Invalid(new Dictionary<string, string[]> { ["name"] = [problem] }));
        var workspace = new WorkspaceDocument { Id = id, Name = trimmed, CreatedAt = Now, CreatedBy = actor };
        database.Workspaces.Insert(workspace);
        audit.Record(actor, "created the workspace", "workspace", id, trimmed);
        return Task.FromResult(ServiceResult<WorkspaceSummary>.Ok(new WorkspaceSummary(id, trimmed, workspace.CreatedAt, actor, 0)));
    }

    public Task<ServiceResult<IReadOnlyList<MemberSummary>>> MembersAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        if (database.Workspaces.FindById(workspaceId) is null) return Task.FromResult(ServiceResult<IReadOnlyList<MemberSummary>>.NotFound("workspace", workspaceId));
        var members = database.Memberships.Find(m => m.WorkspaceId == workspaceId)
            .Select(m => database.Users.FindById(m.UserId) is { } user ? new MemberSummary(user.Id, user.Name, m.Role, user.IsAdministrator) : null)
            .OfType<MemberSummary>().OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase);
        return Task.FromResult(ServiceResult<IReadOnlyList<MemberSummary>>.Ok([.. members]));
    }

    public Task<ServiceResult<MemberSummary>> SetMemberAsync(string workspaceId, string? userName, Role role, string actor, CancellationToken cancellationToken = default)
    {
        if (database.Workspaces.FindById(workspaceId) is null) return Task.FromResult(ServiceResult<MemberSummary>.NotFound("workspace", workspaceId));
        var errors = new Dictionary<string, string[]>();
        var user = string.IsNullOrWhiteSpace(userName) ? null : database.Users.FindById(userName.Trim().ToLowerInvariant());
        if (user is null) errors["name"] = [string.IsNullOrWhiteSpace(userName) ? "Name the account to add." : $"There is no account named '{userName.Trim()}'."];
        else if (IsSelf(user, actor)) errors["name"] = ["Your own role here is another admin's to change."];
        if (!Enum.IsDefined(role)) errors["role"] = ["One of viewer, editor, reviewer, admin."];
        if (errors.Count > 0) return Task.FromResult(ServiceResult<MemberSummary>.Invalid(errors));
        var existing = database.Memberships.FindById(MembershipDocument.IdOf(workspaceId, user!.Id));
        Join(workspaceId, user.Id, role, actor);
        audit.Record(actor, existing is null ? $"added {user.Name} as {Lower(role)}" : $"set {user.Name}'s role to {Lower(role)}", "workspace", workspaceId);
        return Task.FromResult(ServiceResult<MemberSummary>.Ok(new MemberSummary(user.Id, user.Name, role, user.IsAdministrator)));
    }

    public Task<ServiceResult<bool>> RemoveMemberAsync(string workspaceId, string userId, string actor, CancellationToken cancellationToken = default)
    {
        if (database.Memberships.FindById(MembershipDocument.IdOf(workspaceId, userId)) is null || database.Users.FindById(userId) is not { } user)
            return Task.FromResult(ServiceResult<bool>.NotFound("member", $"{workspaceId}/{userId}"));
        if (IsSelf(user, actor)) return Task.FromResult(ServiceResult<bool>.Conflict("You cannot remove yourself; another admin of the workspace can."));
        database.Memberships.Delete(MembershipDocument.IdOf(workspaceId, userId));
        audit.Record(actor, $"removed {user.Name}", "workspace", workspaceId);
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public Task<WorkspaceMembership?> LocateAsync(string kind, string id, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(database.WorkspaceOf(kind, id) is { } workspace ? Mine(userId).FirstOrDefault(w => w.Id == workspace) : null);

    /// <summary>Gives an account <paramref name="role"/> in a workspace, replacing any role it had there.</summary>
    public void Join(string workspaceId, string userId, Role role, string actor) => database.Memberships.Upsert(new MembershipDocument
    {
        Id = MembershipDocument.IdOf(workspaceId, userId), WorkspaceId = workspaceId, UserId = userId, Role = role, AddedAt = Now, AddedBy = actor,
    });

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Actors are named by account name, and an account's id is its lower-cased name.</summary>
    static bool IsSelf(UserDocument user, string actor) => user.Id == actor.Trim().ToLowerInvariant();

    static string Lower(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>The id a name gives: lower-case letters and digits, other runs as one dash ("Bias team" → "bias-team").</summary>
    public static string Slug(string name)
    {
        var slug = NotSlug().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 48 ? slug[..48].TrimEnd('-') : slug;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
