namespace Cortex.Web.Tests.Fakes;

/// <summary>Accounts, keys and the audit trail in memory, with the refusals a test wants to see answered; a new account joins <paramref name="workspaces"/>.</summary>
public sealed class FakeAccountService(FakeWorkspaceService workspaces) : IAccountService
{
    static readonly DateTime Start = new(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    public bool NeedsSetup { get; set; }

    public List<UserSummary> Users { get; } = [];

    /// <summary>Every key by the id of the user who holds it.</summary>
    public List<(string UserId, ApiKeySummary Key)> Keys { get; } = [];

    public List<AuditEntry> Audit { get; } = [];

    /// <summary>What the next user creation answers instead of creating one; null creates it.</summary>
    public ServiceResult<UserSummary>? NextCreateUser { get; set; }

    /// <summary>What the next administrator change answers instead of making it; null makes it.</summary>
    public ServiceResult<UserSummary>? NextSetAdministrator { get; set; }

    public static UserSummary User(string id, string name, bool administrator = false) => new(id, name, administrator, Start, "setup");

    public Task<bool> NeedsSetupAsync(CancellationToken cancellationToken = default) => Task.FromResult(NeedsSetup);

    public Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UserSummary>>([.. Users.OrderBy(u => u.Name, StringComparer.Ordinal)]);

    public Task<ServiceResult<UserSummary>> CreateUserAsync(string? name, string? password, string workspaceId, Role role, string actor, CancellationToken cancellationToken = default)
    {
        var result = NextCreateUser ?? ServiceResult<UserSummary>.Ok(new UserSummary($"u{Users.Count + 1}", name!, false, Start.AddDays(1), actor));
        NextCreateUser = null;
        if (result.Succeeded)
        {
            Users.Add(result.Value!);
            workspaces.Add(workspaceId, new MemberSummary(result.Value!.Id, result.Value.Name, role, false));
        }
        return Task.FromResult(result);
    }

    public Task<ServiceResult<UserSummary>> SetAdministratorAsync(string userId, bool administrator, string actor, CancellationToken cancellationToken = default)
    {
        var index = Users.FindIndex(u => u.Id == userId);
        var result = NextSetAdministrator ?? (index < 0 ? ServiceResult<UserSummary>.NotFound("user", userId) : ServiceResult<UserSummary>.Ok(Users[index] with { Administrator = administrator }));
        NextSetAdministrator = null;
        if (result.Succeeded) Users[index] = result.Value!;
        return Task.FromResult(result);
    }

    public Task<IReadOnlyList<ApiKeySummary>> ListKeysAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ApiKeySummary>>([.. Keys.Where(k => k.UserId == userId).Select(k => k.Key)]);

    public Task<ServiceResult<NewApiKey>> CreateKeyAsync(string userId, string? name, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
            return Task.FromResult(ServiceResult<NewApiKey>.Invalid(new Dictionary<string, string[]> { ["name"] = ["A key needs a name."] }));
        var key = new ApiKeySummary($"ck_{Keys.Count + 1:D4}", name, Start.AddDays(2), null, null);
        Keys.Add((userId, key));
        return Task.FromResult(ServiceResult<NewApiKey>.Ok(new NewApiKey(key, $"{key.Id}.secret-{Keys.Count}")));
    }

    public Task<ServiceResult<bool>> RevokeKeyAsync(string userId, string keyId, CancellationToken cancellationToken = default)
    {
        var index = Keys.FindIndex(k => k.UserId == userId && k.Key.Id == keyId);
        if (index < 0) return Task.FromResult(ServiceResult<bool>.NotFound("API key", keyId));
        Keys[index] = (userId, Keys[index].Key with { RevokedAt = Start.AddDays(3) });
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(string targetId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([.. Audit.Where(a => a.TargetId == targetId).OrderByDescending(a => a.At)]);
}
