using Cortex.Web.Services;

namespace Cortex.Server.Accounts;

/// <summary>A local account: its id is the lower-cased name; the password is stored only as ASP.NET Core's PasswordHasher hash.</summary>
public sealed record UserDocument
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string PasswordHash { get; init; }
    public Role Role { get; init; }
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
