namespace Cortex.Web.Tests.Fakes;

/// <summary>Changes a test publishes by hand, as the server would after someone else's change.</summary>
public abstract class FakeChangeFeed<TChange>
{
    readonly List<Func<TChange, Task>> _handlers = [];

    public int Subscribers => _handlers.Count;

    public IDisposable Subscribe(Func<TChange, Task> handler)
    {
        _handlers.Add(handler);
        return new Unsubscribe(() => _handlers.Remove(handler));
    }

    public Task PublishAsync(TChange change) => Task.WhenAll(_handlers.ToList().Select(h => h(change)));

    sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

public sealed class FakeAnnotationFeed : FakeChangeFeed<AnnotationChange>, IAnnotationFeed;

public sealed class FakeFindingFeed : FakeChangeFeed<FindingChange>, IFindingFeed;
