namespace Cortex.Web.Tests.Fakes;

/// <summary>Annotation changes a test publishes by hand, as the server would after someone else's change.</summary>
public sealed class FakeAnnotationFeed : IAnnotationFeed
{
    readonly List<Func<AnnotationChange, Task>> _handlers = [];

    public int Subscribers => _handlers.Count;

    public IDisposable Subscribe(Func<AnnotationChange, Task> handler)
    {
        _handlers.Add(handler);
        return new Unsubscribe(() => _handlers.Remove(handler));
    }

    public Task PublishAsync(AnnotationChange change) => Task.WhenAll(_handlers.ToList().Select(h => h(change)));

    sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
