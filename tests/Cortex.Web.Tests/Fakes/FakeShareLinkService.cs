namespace Cortex.Web.Tests.Fakes;

/// <summary>Share links in memory: tokens are "token-1", "token-2", …; revoking raises <see cref="Revoked"/> as the server does.</summary>
public sealed class FakeShareLinkService : IShareLinkService, IShareAdmission
{
    static readonly DateTime Start = new(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    public List<(ShareLinkSummary Link, string Token)> Links { get; } = [];

    public event Action<string>? Revoked;

    public Task<IReadOnlyList<ShareLinkSummary>> ListAsync(string experimentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ShareLinkSummary>>([.. Links.Select(l => l.Link).Where(l => l.ExperimentId == experimentId).Reverse()]);

    public Task<ServiceResult<NewShareLink>> CreateAsync(string experimentId, int? expiresInDays, string actor, CancellationToken cancellationToken = default)
    {
        var created = Start.AddHours(Links.Count + 1);
        var link = new ShareLinkSummary($"l{Links.Count + 1}", experimentId, actor, created, expiresInDays is { } days ? created.AddDays(days) : null, null, null);
        var token = $"token-{Links.Count + 1}";
        Links.Add((link, token));
        return Task.FromResult(ServiceResult<NewShareLink>.Ok(new NewShareLink(link, token)));
    }

    public Task<ServiceResult<bool>> RevokeAsync(string experimentId, string linkId, string actor, CancellationToken cancellationToken = default)
    {
        var index = Links.FindIndex(l => l.Link.Id == linkId && l.Link.ExperimentId == experimentId);
        if (index < 0) return Task.FromResult(ServiceResult<bool>.NotFound("share link", linkId));
        Links[index] = (Links[index].Link with { RevokedAt = Start.AddDays(1), RevokedBy = actor }, Links[index].Token);
        Revoked?.Invoke(linkId);
        return Task.FromResult(ServiceResult<bool>.Ok(true));
    }

    public ShareLinkSummary? Resolve(string? token) => Links.FirstOrDefault(l => l.Token == token && l.Link.RevokedAt is null).Link;

    public ShareLinkSummary? Admit(string? token) => Resolve(token);
}
