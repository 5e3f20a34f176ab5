using System.Collections.Concurrent;
using Cortex.Web.Services;
using Microsoft.AspNetCore.SignalR;

namespace Cortex.Server.Streaming;

/// <summary>
/// The hub connections opened with a share link, so that revoking the link, or its expiry, ends their
/// streams at once rather than at the next reconnect.
/// </summary>
public sealed class ShareConnections : IDisposable
{
    readonly ConcurrentDictionary<string, (string LinkId, HubCallerContext Context, ExpiryTimer? Expiry)> _connections = new();
    readonly IShareLinkService _links;
    readonly TimeProvider _clock;

    public ShareConnections(IShareLinkService links, TimeProvider clock)
    {
        (_links, _clock) = (links, clock);
        _links.Revoked += OnRevoked;
    }

    public void Track(HubCallerContext context, string linkId, DateTime? expiresAt)
    {
        var expiry = expiresAt is { } end ? ExpiryTimer.Start(_clock, end, context.Abort) : null;
        _connections[context.ConnectionId] = (linkId, context, expiry);
    }

    public void Forget(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var entry)) entry.Expiry?.Dispose();
    }

    void OnRevoked(string linkId)
    {
        foreach (var entry in _connections.Values.Where(e => e.LinkId == linkId)) entry.Context.Abort();
    }

    public void Dispose() => _links.Revoked -= OnRevoked;
}
