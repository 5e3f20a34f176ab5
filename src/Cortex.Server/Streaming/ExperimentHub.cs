using System.Collections.Concurrent;
using Cortex.Server.Accounts;
using Cortex.Web.Services;
using Microsoft.AspNetCore.SignalR;

namespace Cortex.Server.Streaming;

/// <summary>
/// <c>/hubs/experiments</c>: a client calls <c>Join(experimentId)</c> and from then on receives that
/// experiment's messages (the client methods of <see cref="IExperimentClient"/>), the latest state first. Each subscription has its own latest-wins queue and pump. A member
/// joins only experiments of the connection's workspace; a share link's visitor only the link's experiment,
/// and is cut off when the link is revoked or expires.
/// </summary>
public sealed class ExperimentHub(HubSubscriptions subscriptions, ShareConnections shared, Experiments.ExperimentStore store) : Hub<IExperimentClient>, IExperimentHub
{
    public const string Path = "/hubs/experiments";

    public override Task OnConnectedAsync()
    {
        if (Context.User is { } user && user.FindFirst(ShareLinkAuthentication.LinkClaim)?.Value is { } linkId)
            shared.Track(Context, linkId, ShareLinkAuthentication.ExpiryOf(user));
        return base.OnConnectedAsync();
    }

    public Task Join(string experimentId)
    {
        if (string.IsNullOrWhiteSpace(experimentId) || experimentId.Length > 64) throw new HubException("experimentId must be a non-empty id of at most 64 characters.");
        if (Context.User is { } user && ShareGrant.ExperimentOf(user) is { } granted && granted != experimentId)
            throw new HubException("A share link opens one experiment only.");
        if (store.Get(experimentId) is not { } experiment || Context.User is null || !WorkspaceScope.Reads(Context.User, experiment))
            throw new HubException($"There is no experiment '{experimentId}' in this connection's workspace.");
        subscriptions.Add(Context.ConnectionId, experimentId);
        return Task.CompletedTask;
    }

    public Task Leave(string experimentId)
    {
        subscriptions.Remove(Context.ConnectionId, experimentId);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        shared.Forget(Context.ConnectionId);
        subscriptions.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>The hub's subscriptions: for each (connection, experiment) a queue and a task that pumps it to the client.</summary>
public sealed class HubSubscriptions(ExperimentStreams streams, IHubContext<ExperimentHub, IExperimentClient> hub, Telemetry.CortexMetrics metrics,
    ILogger<HubSubscriptions> logger)
{
    readonly Action<string> _dropped = metrics.DroppedBy("hub");
    readonly ConcurrentDictionary<(string Connection, string Experiment), QueuePump> _pumps = new();

    public void Add(string connectionId, string experimentId) =>
        _pumps.GetOrAdd((connectionId, experimentId), key => new QueuePump(queue => streams.Subscribe(key.Experiment, queue),
            (message, _) => message.SendTo(hub.Clients.Client(key.Connection)), logger, $"hub connection {key.Connection}", _dropped));

    public void Remove(string connectionId, string experimentId)
    {
        if (_pumps.TryRemove((connectionId, experimentId), out var pump)) pump.Dispose();
    }

    public void RemoveConnection(string connectionId)
    {
        foreach (var key in _pumps.Keys.Where(k => k.Connection == connectionId)) Remove(key.Connection, key.Experiment);
    }
}
