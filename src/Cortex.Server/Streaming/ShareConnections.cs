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
    readonly ConcurrentDictionary<string, (string LinkId, HubCallerContext Context, CancellationTokenSource Expiry)> _connections = new();
    readonly IShareLinkService _links;
    readonly TimeProvider _clock;

    public ShareConnections(IShareLinkService links, TimeProvider clock)
    {
        (_links, _clock) = (links, clock);
        _links.Revoked += OnRevoked;
    }

    public void Track(HubCallerContext context, string linkId, DateTime? expiresAt)
    {
        var expiry = new CancellationTokenSource();
        _connections[context.ConnectionId] = (linkId, context, expiry);
        if (expiresAt is { } end)
        {
            var left = end - _clock.GetUtcNow().UtcDateTime;
            if (left <= TimeSpan.Zero) context.Abort();
            else _ = AbortAfterAsync(context, left, expiry.Token);
        }
    }

    public void Forget(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var entry)) entry.Expiry.Cancel();
    }

    async Task AbortAfterAsync(HubCallerContext context, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _clock, cancellationToken);
            context.Abort();
        }
        catch (OperationCanceledException)
        {
            // The connection closed first.
        }
    }

    void OnRevoked(string linkId)
    {
        foreach (var entry in _connections.Values.Where(e => e.LinkId == linkId)) entry.Context.Abort();
    }

    public void Dispose() => _links.Revoked -= OnRevoked;
}
