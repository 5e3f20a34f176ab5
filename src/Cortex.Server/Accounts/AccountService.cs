using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cortex.Server.Storage;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Identity;

namespace Cortex.Server.Accounts;

/// <summary>
/// Local accounts, server administrators and personal API keys in LiteDB. Passwords go through ASP.NET Core's
/// PasswordHasher (PBKDF2); an API key is <c>cortex_&lt;id&gt;_&lt;secret&gt;</c>, of which only the id and
/// the secret's SHA-256 are stored, so a stolen database yields no usable key.
/// </summary>
public sealed partial class AccountService(CortexDatabase database, AuditLog audit, WorkspaceService workspaces, TimeProvider clock) : IAccountService
{
    public const string KeyPrefix = "cortex_";
    public const int MinPasswordLength = 10;
    const int MaxPasswordLength = 256;
    const int MaxKeyNameLength = 100;
    static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    readonly PasswordHasher<UserDocument> _hasher = new();
    readonly Lock _setup = new();
    readonly ConcurrentDictionary<string, DateTime> _lastUseWritten = new();

    /// <summary>An administrator with a random password nobody needs, for programs (benchmarks, tests) that sign in by key alone; its key.</summary>
    public static string ProvisionAdmin(CortexDatabase database, string name, string actor)
    {
        var accounts = Outside(database);
        var user = accounts.Create(name, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), administrator: true, Workspaces.DefaultId, Role.Admin, actor);
        if (!user.Succeeded) throw new InvalidOperationException(user.Message);
        return accounts.CreateKeyAsync(user.Value!.Id, actor).Result.Value!.Secret;
    }

    /// <summary>The accounts of a database opened outside a host (command-line verbs, benchmarks, tests), on the system clock.</summary>
    public static AccountService Outside(CortexDatabase database)
    {
        var audit = new AuditLog(database, TimeProvider.System);
        return new(database, audit, new WorkspaceService(database, audit, TimeProvider.System), TimeProvider.System);
    }

    public Task<bool> NeedsSetupAsync(CancellationToken cancellationToken = default) => Task.FromResult(!database.Users.Exists(u => u.IsAdministrator));

    public Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UserSummary>>([.. database.Users.FindAll().OrderBy(u => u.Name).Select(Summary)]);

    public Task<ServiceResult<UserSummary>> CreateUserAsync(string? name, string? password, string workspaceId, Role role, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(Create(name, password, administrator: false, workspaceId, role, actor));

    /// <summary>
    /// An account for the command line: a server administrator (admin of <paramref name="workspaceId"/> too), or a
    /// member of that workspace with <paramref name="role"/>.
    /// </summary>
    public ServiceResult<UserSummary> CreateAccount(string? name, string? password, bool administrator, string workspaceId, Role role, string actor) =>
        Create(name, password, administrator, workspaceId, administrator ? Role.Admin : role, actor);

    /// <summary>The first administrator, only while there is none (the setup page); admin of the default workspace.</summary>
    public ServiceResult<UserSummary> CreateFirstAdmin(string? name, string? password)
    {
        lock (_setup)
        {
            return database.Users.Exists(u => u.IsAdministrator)
                ? ServiceResult<UserSummary>.Conflict("An admin exists already; setup is closed. Sign in, or ask an admin for an account.")
                : Create(name, password, administrator: true, Workspaces.DefaultId, Role.Admin, actor: "setup");
        }
    }

    ServiceResult<UserSummary> Create(string? name, string? password, bool administrator, string workspaceId, Role role, string actor)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmed = name?.Trim() ?? "";
        if (!ValidName().IsMatch(trimmed)) errors["name"] = ["1 to 64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit."];
        else if (database.Users.FindById(trimmed.ToLowerInvariant()) is not null) errors["name"] = [$"An account named '{trimmed}' exists."];
        if (password is null || password.Length < MinPasswordLength) errors["password"] = [$"At least {MinPasswordLength} characters."];
        else if (password.Length > MaxPasswordLength) errors["password"] = [$"At most {MaxPasswordLength} characters."];
        if (!Enum.IsDefined(role)) errors["role"] = ["One of viewer, editor, reviewer, admin."];
        var workspace = database.Workspaces.FindById(workspaceId);
        if (workspace is null) errors["workspace"] = [$"There is no workspace '{workspaceId}'."];
        if (errors.Count > 0) return ServiceResult<UserSummary>.Invalid(errors);
        var user = new UserDocument { Id = trimmed.ToLowerInvariant(), Name = trimmed, PasswordHash = "", IsAdministrator = administrator, CreatedAt = Now, CreatedBy = actor };
        user = user with { PasswordHash = _hasher.HashPassword(user, password!) };
        // One transaction: an account is never left without the workspace it was made for.
        database.InTransaction(() =>
        {
            database.Users.Insert(user);
            workspaces.Join(workspace!.Id, user.Id, role, actor);
            return true;
        });
        audit.Record(actor, $"created the account{(administrator ? " as a server administrator" : "")}, {role.ToString().ToLowerInvariant()} in {workspace!.Name}", "user", user.Id);
        return ServiceResult<UserSummary>.Ok(Summary(user));
    }

    public Task<ServiceResult<UserSummary>> SetAdministratorAsync(string userId, bool administrator, string actor, CancellationToken cancellationToken = default)
    {
        if (database.Users.FindById(userId) is not { } user) return Task.FromResult(ServiceResult<UserSummary>.NotFound("user", userId));
        if (user.IsAdministrator == administrator) return Task.FromResult(ServiceResult<UserSummary>.Ok(Summary(user)));
        lock (_setup)
        {
            if (!administrator && database.Users.Count(u => u.IsAdministrator) == 1)
                return Task.FromResult(ServiceResult<UserSummary>.Conflict($"'{user.Name}' is the only administrator; make someone else administrator first."));
            database.Users.Update(user = user with { IsAdministrator = administrator });
        }
        audit.Record(actor, administrator ? "made the account a server administrator" : "took server administration from the account", "user", user.Id);
        return Task.FromResult(ServiceResult<UserSummary>.Ok(Summary(user)));
    }

    /// <summary>The account a name and password open, or null; the hash is upgraded when the hasher asks for it.</summary>
    public UserDocument? Verify(string? name, string? password)
    {
        if (string.IsNullOrWhiteSpace(name) || password is null || password.Length > MaxPasswordLength) return null;
        if (database.Users.FindById(name.Trim().ToLowerInvariant()) is not { } user) return null;
        var result = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded) database.Users.Update(user = user with { PasswordHash = _hasher.HashPassword(user, password) });
        return result == PasswordVerificationResult.Failed ? null : user;
    }

    public Task<IReadOnlyList<ApiKeySummary>> ListKeysAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ApiKeySummary>>([.. database.ApiKeys.Find(k => k.UserId == userId).OrderByDescending(k => k.CreatedAt).Select(Summary)]);

    public Task<ServiceResult<NewApiKey>> CreateKeyAsync(string userId, string? name, CancellationToken cancellationToken = default)
    {
        if (database.Users.FindById(userId) is not { } user) return Task.FromResult(ServiceResult<NewApiKey>.NotFound("user", userId));
        var label = name?.Trim() ?? "";
        var problem = label.Length == 0 ? $"1 to {MaxKeyNameLength} characters that say where the key is used." : StoredText.NameProblem(label, MaxKeyNameLength);
        if (problem is not null) return Task.FromResult(ServiceResult<NewApiKey>.Invalid(new Dictionary<string, string[]> { ["name"] = [problem] }));
        var secret = Secrets.New();
        var key = new ApiKeyDocument { Id = Ids.New(), UserId = user.Id, Name = label, SecretHash = Secrets.Hash(secret), CreatedAt = Now };
        database.ApiKeys.Insert(key);
        audit.Record(user.Name, $"created API key '{label}' ({key.Id})", "user", user.Id);
        return Task.FromResult(ServiceResult<NewApiKey>.Ok(new NewApiKey(Summary(key), $"{KeyPrefix}{key.Id}_{secret}")));
    }

    public Task<ServiceResult<bool>> RevokeKeyAsync(string userId, string keyId, CancellationToken cancellationToken = default)
    {
        if (database.ApiKeys.FindById(keyId) is not { } key || key.UserId != userId) return Task.FromResult(ServiceResult<bool>.NotFound("API key", keyId));
        if (key.RevokedAt is null)
        {
            database.ApiKeys.Update(key with { RevokedAt = Now });
            audit.Record(database.Users.FindById(userId)?.Name ?? userId, $"revoked API key '{key.Name}' ({key.Id})", "user", userId);
        }
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    /// <summary>The account of a presented key, or null for a malformed, unknown or revoked one.</summary>
    public UserDocument? Authenticate(string presented)
    {
        if (!presented.StartsWith(KeyPrefix, StringComparison.Ordinal)) return null;
        var parts = presented[KeyPrefix.Length..].Split('_', 2);
        if (parts.Length != 2 || database.ApiKeys.FindById(parts[0]) is not { RevokedAt: null } key) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Secrets.Hash(parts[1])), Encoding.ASCII.GetBytes(key.SecretHash))) return null;
        // Written at most once a minute per key: every request of a busy client would otherwise write the database.
        var now = Now;
        if (now - _lastUseWritten.GetValueOrDefault(key.Id) > LastUseResolution)
        {
            _lastUseWritten[key.Id] = now;
            database.ApiKeys.Update(key with { LastUsedAt = now });
        }
        return database.Users.FindById(key.UserId);
    }

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(string targetId, CancellationToken cancellationToken = default) => Task.FromResult(audit.For(targetId));

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    static UserSummary Summary(UserDocument user) => new(user.Id, user.Name, user.IsAdministrator, user.CreatedAt, user.CreatedBy);

    static ApiKeySummary Summary(ApiKeyDocument key) => new(key.Id, key.Name, key.CreatedAt, key.LastUsedAt, key.RevokedAt);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._ \-]{0,63}$")]
    private static partial Regex ValidName();
}
