using System.Collections.Immutable;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// Annotation changes for open pages, in this process: annotations are written where the dashboard runs, so no
/// bus is needed. Each handler runs on the thread pool, so a slow page holds up neither the writer nor other pages.
/// </summary>
public sealed class AnnotationFeed(ILogger<AnnotationFeed> logger) : IAnnotationFeed
{
    ImmutableList<Func<AnnotationChange, Task>> _handlers = [];

    public IDisposable Subscribe(Func<AnnotationChange, Task> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, handlers => handlers.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, handlers => handlers.Remove(handler)));
    }

    public void Publish(AnnotationChange change)
    {
        foreach (var handler in _handlers) _ = Task.Run(() => DeliverAsync(handler, change));
    }

    async Task DeliverAsync(Func<AnnotationChange, Task> handler, AnnotationChange change)
    {
        try
        {
            await handler(change);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A page failed to take annotation change {Change} of {Annotation}", change.Change, change.AnnotationId);
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
