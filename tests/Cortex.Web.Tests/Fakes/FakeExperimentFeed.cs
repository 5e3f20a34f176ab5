namespace Cortex.Web.Tests.Fakes;

/// <summary>A feed a test publishes into by hand.</summary>
public sealed class FakeExperimentFeed : IExperimentFeed
{
    readonly List<(string Id, Func<ExperimentMessage, Task> Handler)> _handlers = [];
    readonly List<Func<StatusMessage, Task>> _statusHandlers = [];

    public IDisposable Subscribe(string experimentId, Func<ExperimentMessage, Task> handler)
    {
        var entry = (experimentId, handler);
        _handlers.Add(entry);
        return new Unsubscribe(() => _handlers.Remove(entry));
    }

    public IDisposable SubscribeStatuses(Func<StatusMessage, Task> handler)
    {
        _statusHandlers.Add(handler);
        return new Unsubscribe(() => _statusHandlers.Remove(handler));
    }

    /// <summary>How many pages follow the experiment's stream now.</summary>
    public int SubscribersOf(string experimentId) => _handlers.Count(h => h.Id == experimentId);

    public async Task PublishAsync(ExperimentMessage message)
    {
        foreach (var (id, handler) in _handlers.ToList())
            if (id == message.ExperimentId) await handler(message);
        if (message is StatusMessage status)
            foreach (var handler in _statusHandlers.ToList()) await handler(status);
    }

    sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
