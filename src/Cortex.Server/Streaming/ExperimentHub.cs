using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Cortex.Server.Streaming;

/// <summary>
/// <c>/hubs/experiments</c>: a client calls <c>Join(experimentId)</c> and from then on receives that
/// experiment's messages (client methods <c>status</c>, <c>progress</c>, <c>frame</c>, <c>saliency</c>,
/// <c>log</c>), the latest state first. Each subscription has its own latest-wins queue and pump.
/// </summary>
public sealed class ExperimentHub(HubSubscriptions subscriptions) : Hub
{
    public const string Path = "/hubs/experiments";

    public Task Join(string experimentId)
    {
        if (string.IsNullOrWhiteSpace(experimentId) || experimentId.Length > 64) throw new HubException("experimentId must be a non-empty id of at most 64 characters.");
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
        subscriptions.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>The hub's subscriptions: for each (connection, experiment) a queue and a task that pumps it to the client.</summary>
public sealed class HubSubscriptions(ExperimentStreams streams, IHubContext<ExperimentHub> hub, ILogger<HubSubscriptions> logger)
{
    readonly ConcurrentDictionary<(string Connection, string Experiment), Pump> _pumps = new();

    public void Add(string connectionId, string experimentId) =>
        _pumps.GetOrAdd((connectionId, experimentId), key => new Pump(streams, hub.Clients.Client(key.Connection), key.Experiment, logger));

    public void Remove(string connectionId, string experimentId)
    {
        if (_pumps.TryRemove((connectionId, experimentId), out var pump)) pump.Dispose();
    }

    public void RemoveConnection(string connectionId)
    {
        foreach (var key in _pumps.Keys.Where(k => k.Connection == connectionId)) Remove(key.Connection, key.Experiment);
    }

    sealed class Pump : IDisposable
    {
        readonly CancellationTokenSource _stop = new();
        readonly IDisposable _subscription;

        public Pump(ExperimentStreams streams, IClientProxy client, string experimentId, ILogger logger)
        {
            var queue = new ClientQueue();
            _subscription = streams.Subscribe(experimentId, queue);
            _ = Task.Run(async () =>
            {
                try
                {
                    while (!_stop.IsCancellationRequested)
                        foreach (var message in await queue.TakeAsync(_stop.Token))
                            await client.SendAsync(message.Kind, message, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Stopped streaming experiment {Experiment} to a client", experimentId);
                }
            });
        }

        public void Dispose()
        {
            _subscription.Dispose();
            _stop.Cancel();
        }
    }
}
