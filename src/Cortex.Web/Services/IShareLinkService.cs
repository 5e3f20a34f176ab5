using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>
/// Public read-only links to experiments: an editor creates one (optionally expiring), anyone with it
/// sees that experiment and nothing else, and revoking or expiry closes it at once.
/// </summary>
public interface IShareLinkService
{
    public const int MaxExpiryDays = 365;

    Task<IReadOnlyList<ShareLinkSummary>> ListAsync(string experimentId, CancellationToken cancellationToken = default);

    Task<ServiceResult<NewShareLink>> CreateAsync(string experimentId, int? expiresInDays, string actor, CancellationToken cancellationToken = default);

    Task<ServiceResult<bool>> RevokeAsync(string experimentId, string linkId, string actor, CancellationToken cancellationToken = default);

    /// <summary>The active link a token opens, or null for an unknown, revoked or expired one, or one whose experiment is gone.</summary>
    ShareLinkSummary? Resolve(string? token);

    /// <summary>Raised with a link's id when it is revoked.</summary>
    event Action<string>? Revoked;
}

/// <summary>
/// The share page's way in: a visitor's circuit has no workspace, so it may read nothing until a valid
/// token admits it to that one experiment (and only that one).
/// </summary>
public interface IShareAdmission
{
    /// <summary>The link a token opens, now readable by this circuit; null for an unknown, revoked or expired token.</summary>
    ShareLinkSummary? Admit(string? token);
}
