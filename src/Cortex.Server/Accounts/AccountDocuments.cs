using Cortex.Web.Services;

namespace Cortex.Server.Accounts;

/// <summary>
/// A local account: its id is the lower-cased name; the password is stored only as ASP.NET Core's
/// PasswordHasher hash. Its roles are per workspace (<see cref="MembershipDocument"/>); a server
/// administrator manages accounts, workspaces and models and is admin in every workspace.
/// </summary>
public sealed record UserDocument
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string PasswordHash { get; init; }
    public bool IsAdministrator { get; init; }
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
}

/// <summary>A personal API key: the public id and the SHA-256 of its secret part (the secret has 256 random bits, so a fast hash suffices).</summary>
public sealed record ApiKeyDocument
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required string Name { get; init; }
    public required string SecretHash { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? LastUsedAt { get; init; }
    public DateTime? RevokedAt { get; init; }
}

/// <summary>One audit line; kept in its own collection, indexed by target.</summary>
public sealed record AuditDocument
{
    public required string Id { get; init; }
    public DateTime At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string TargetKind { get; init; }
    public required string TargetId { get; init; }
    public string Detail { get; init; } = "";
}

/// <summary>A workspace: the concepts, experiments, findings and annotations of one team; its id is a slug of its first name.</summary>
public sealed record WorkspaceDocument
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
}

/// <summary>An account's role in a workspace; the id is <c>workspace:user</c>, so there is at most one.</summary>
public sealed record MembershipDocument
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string UserId { get; init; }
    public Role Role { get; init; }
    public DateTime AddedAt { get; init; }
    public string AddedBy { get; init; } = "";

    public static string IdOf(string workspaceId, string userId) => $"{workspaceId}:{userId}";
}
