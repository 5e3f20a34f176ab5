namespace Cortex.Server.Dispatch;

/// <summary>The bus of one process: each subscription drains its own <see cref="EventMailbox"/> on its own task.</summary>
public sealed class InProcessExperimentEvents(ILogger<InProcessExperimentEvents> logger) : IExperimentEvents, IDisposable
{
    readonly Lock _gate = new();
    readonly ILogger _logger = logger;
    Subscription[] _subscriptions = [];

    public void Publish(ExperimentEvent experimentEvent)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions)) subscription.Mailbox.Post(experimentEvent);
    }

    public IDisposable Subscribe(string subscriber, Func<ExperimentEvent, Task> handler)
    {
        var subscription = new Subscription(this, subscriber, handler);
        lock (_gate) _subscriptions = [.. _subscriptions, subscription];
        subscription.Start();
        return subscription;
    }

    public void Dispose()
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions)) subscription.Dispose();
    }

    void Remove(Subscription subscription)
    {
        lock (_gate) _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
    }

    sealed class Subscription(InProcessExperimentEvents bus, string subscriber, Func<ExperimentEvent, Task> handler) : IDisposable
    {
        readonly CancellationTokenSource _stop = new();

        public EventMailbox Mailbox { get; } = new();

        public void Start() => _ = Task.Run(PumpAsync, CancellationToken.None);

        async Task PumpAsync()
        {
            try
            {
                while (true)
                    foreach (var experimentEvent in await Mailbox.TakeAsync(_stop.Token))
                    {
                        try
                        {
                            await handler(experimentEvent);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            // One event the subscriber could not handle; the next may well succeed.
                            bus._logger.LogWarning(e, "{Subscriber} failed to handle {Event} of experiment {Id}", subscriber, experimentEvent.GetType().Name, experimentEvent.ExperimentId);
                        }
                    }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose()
        {
            bus.Remove(this);
            _stop.Cancel();
        }
    }
}
