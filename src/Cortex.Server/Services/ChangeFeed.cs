using System.Collections.Immutable;

namespace Cortex.Server.Services;

/// <summary>
/// Changes for open pages, in this process: annotations and findings are written where the dashboard runs, so no
/// bus is needed. Each handler runs on the thread pool, so a slow page holds up neither the writer nor other pages.
/// </summary>
public abstract class ChangeFeed<TChange>(ILogger logger)
{
    ImmutableList<Func<TChange, Task>> _handlers = [];

    public IDisposable Subscribe(Func<TChange, Task> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, handlers => handlers.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, handlers => handlers.Remove(handler)));
    }

    public void Publish(TChange change)
    {
        foreach (var handler in _handlers) _ = Task.Run(() => DeliverAsync(handler, change));
    }

    async Task DeliverAsync(Func<TChange, Task> handler, TChange change)
    {
        try
        {
            await handler(change);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A page failed to take change {Change}", change);
        }
    }

    sealed class Subscription(Action unsubscribe) : IDisposable
    {
        int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) unsubscribe();
        }
    }
}
