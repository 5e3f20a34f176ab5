namespace Cortex.Web.Tests.Fakes;

/// <summary>Workspaces and their members in memory; the default workspace exists, and the next member change can be made to refuse.</summary>
public sealed class FakeWorkspaceService : IWorkspaceService
{
    static readonly DateTime Start = new(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    public List<WorkspaceSummary> Workspaces { get; } = [new(Web.Services.Workspaces.DefaultId, Web.Services.Workspaces.DefaultName, Start, "setup", 0)];

    /// <summary>Members by workspace id.</summary>
    public Dictionary<string, List<MemberSummary>> Members { get; } = new() { [Web.Services.Workspaces.DefaultId] = [] };

    /// <summary>The workspaces each user id may switch to.</summary>
    public Dictionary<string, List<WorkspaceMembership>> Mine { get; } = [];

    /// <summary>Where <see cref="LocateAsync"/> finds things: (kind, id) → workspace.</summary>
    public Dictionary<(string Kind, string Id), WorkspaceMembership> Locations { get; } = [];

    /// <summary>What the next member change answers instead of making it; null makes it.</summary>
    public ServiceResult<MemberSummary>? NextSetMember { get; set; }

    public void Add(string workspaceId, MemberSummary member) => Members[workspaceId].Add(member);

    public Task<IReadOnlyList<WorkspaceMembership>> MineAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkspaceMembership>>(Mine.GetValueOrDefault(userId) ?? []);

    public Task<IReadOnlyList<WorkspaceSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkspaceSummary>>([.. Workspaces.Select(w => w with { Members = Members.GetValueOrDefault(w.Id)?.Count ?? 0 })]);

    public Task<ServiceResult<WorkspaceSummary>> CreateAsync(string? name, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
            return Task.FromResult(ServiceResult<WorkspaceSummary>.Invalid(new Dictionary<string, string[]> { ["name"] = ["A workspace needs a name."] }));
        var workspace = new WorkspaceSummary(name.Trim().ToLowerInvariant().Replace(' ', '-'), name.Trim(), Start.AddDays(1), actor, 0);
        Workspaces.Add(workspace);
        Members[workspace.Id] = [];
        return Task.FromResult(ServiceResult<WorkspaceSummary>.Ok(workspace));
    }

    public Task<ServiceResult<IReadOnlyList<MemberSummary>>> MembersAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Members.TryGetValue(workspaceId, out var members)
            ? ServiceResult<IReadOnlyList<MemberSummary>>.Ok([.. members.OrderBy(m => m.Name, StringComparer.Ordinal)])
            : ServiceResult<IReadOnlyList<MemberSummary>>.NotFound("workspace", workspaceId));

    public Task<ServiceResult<MemberSummary>> SetMemberAsync(string workspaceId, string? userName, Role role, string actor, CancellationToken cancellationToken = default)
    {
        var members = Members[workspaceId];
        var index = members.FindIndex(m => m.Name == userName?.Trim());
        var result = NextSetMember ?? ServiceResult<MemberSummary>.Ok(index >= 0 ? members[index] with { Role = role } : new MemberSummary($"id-{userName!.Trim()}", userName.Trim(), role, false));
        NextSetMember = null;
        if (result.Succeeded)
        {
            if (index >= 0) members[index] = result.Value!;
            else members.Add(result.Value!);
        }
        return Task.FromResult(result);
    }

    public Task<ServiceResult<bool>> RemoveMemberAsync(string workspaceId, string userId, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Members[workspaceId].RemoveAll(m => m.UserId == userId) > 0 ? ServiceResult<bool>.Ok(true) : ServiceResult<bool>.NotFound("member", userId));

    public Task<WorkspaceMembership?> LocateAsync(string kind, string id, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Locations.TryGetValue((kind, id), out var found) ? found : null);
}
