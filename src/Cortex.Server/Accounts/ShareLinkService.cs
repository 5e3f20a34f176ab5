using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Accounts;

/// <summary>A share link as stored: the SHA-256 of its token (<see cref="Secrets"/>), never the token.</summary>
public sealed record ShareLinkDocument
{
    public required string Id { get; init; }
    public required string ExperimentId { get; init; }
    public required string TokenHash { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }

    public ShareLinkSummary Summary() => new(Id, ExperimentId, CreatedBy, CreatedAt, ExpiresAt, RevokedAt, RevokedBy);
}

/// <summary>
/// Creates, lists, revokes and resolves share links. A token is 32 bytes from the CSPRNG in base64url;
/// only its hash is stored, so the database cannot reopen a link, and a revoked or expired link resolves to nothing.
/// </summary>
public sealed class ShareLinkService(CortexDatabase database, AuditLog audit, TimeProvider clock) : IShareLinkService
{
    const int MaxTokenLength = 64;

    public event Action<string>? Revoked;

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<IReadOnlyList<ShareLinkSummary>> ListAsync(string experimentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ShareLinkSummary>>([.. database.ShareLinks.Find(l => l.ExperimentId == experimentId)
            .OrderByDescending(l => l.CreatedAt).Select(l => l.Summary())]);

    public Task<ServiceResult<NewShareLink>> CreateAsync(string experimentId, int? expiresInDays, string actor, CancellationToken cancellationToken = default)
    {
        if (database.Experiments.FindById(experimentId) is null) return Task.FromResult(ServiceResult<NewShareLink>.NotFound("experiment", experimentId));
        if (expiresInDays is < 1 or > IShareLinkService.MaxExpiryDays)
            return Task.FromResult(ServiceResult<NewShareLink>.Invalid(new Dictionary<string, string[]>
            {
                ["expiresInDays"] = [$"a whole number of days from 1 to {IShareLinkService.MaxExpiryDays}, or none for a link that lasts until revoked."],
            }));
        var token = Secrets.New();
        var now = Now;
        var link = new ShareLinkDocument
        {
            Id = Ids.New(), ExperimentId = experimentId, TokenHash = Secrets.Hash(token), CreatedBy = actor, CreatedAt = now,
            ExpiresAt = expiresInDays is { } days ? now.AddDays(days) : null,
        };
        database.ShareLinks.Insert(link);
        audit.Record(actor, $"created share link {link.Id}{(link.ExpiresAt is { } end ? $", expiring {end:u}" : "")}", "experiment", experimentId);
        return Task.FromResult(ServiceResult<NewShareLink>.Ok(new NewShareLink(link.Summary(), token)));
    }

    public Task<ServiceResult<bool>> RevokeAsync(string experimentId, string linkId, string actor, CancellationToken cancellationToken = default)
    {
        if (database.ShareLinks.FindById(linkId) is not { } link || link.ExperimentId != experimentId)
            return Task.FromResult(ServiceResult<bool>.NotFound("share link", linkId));
        if (link.RevokedAt is null)
        {
            database.ShareLinks.Update(link with { RevokedAt = Now, RevokedBy = actor });
            audit.Record(actor, $"revoked share link {link.Id}", "experiment", experimentId);
            Revoked?.Invoke(link.Id);
        }
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public ShareLinkSummary? Resolve(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength) return null;
        var hash = Secrets.Hash(token);
        var link = database.ShareLinks.FindOne(l => l.TokenHash == hash)?.Summary();
        if (link is null || link.StateAt(Now) != Web.Contracts.ShareLinkState.Active) return null;
        return database.Experiments.FindById(link.ExperimentId) is null ? null : link;
    }
}
