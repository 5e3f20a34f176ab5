namespace Cortex.Web.Contracts;

public enum ShareLinkState { Active, Expired, Revoked }

/// <summary>A read-only public link to one experiment, as listed on it: never its token, which only its creator saw once.</summary>
public sealed record ShareLinkSummary(string Id, string ExperimentId, string CreatedBy, DateTime CreatedAt, DateTime? ExpiresAt,
    DateTime? RevokedAt, string? RevokedBy)
{
    public ShareLinkState StateAt(DateTime now) =>
        RevokedAt is not null ? ShareLinkState.Revoked : ExpiresAt is { } end && end <= now ? ShareLinkState.Expired : ShareLinkState.Active;
}

/// <summary>A link just created: its token, shown this once (Cortex keeps only its hash), and the page path it opens.</summary>
public sealed record NewShareLink(ShareLinkSummary Link, string Token)
{
    public string Path => $"share/{Token}";
}

/// <summary>The body of POST /api/experiments/{id}/share-links: days until the link stops working, or none for a link that lasts until revoked.</summary>
public sealed record ShareLinkRequest(int? ExpiresInDays);
