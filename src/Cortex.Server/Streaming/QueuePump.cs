using Cortex.Web.Services;

namespace Cortex.Server.Streaming;

/// <summary>
/// Drains one subscriber's <see cref="ClientQueue"/> into a sender (a SignalR client or a Blazor page)
/// on its own task, until disposed. A sender that throws stops only its own pump. The <c>dropped</c> callback hears of each message the queue drops.
/// </summary>
public sealed class QueuePump : IDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly IDisposable _subscription;

    public QueuePump(Func<ClientQueue, IDisposable> subscribe, Func<ExperimentMessage, CancellationToken, Task> send, ILogger logger, string subscriber, Action<string> dropped)
    {
        var queue = new ClientQueue(dropped);
        _subscription = subscribe(queue);
        var stop = _stop.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                    foreach (var message in await queue.TakeAsync(stop))
                        await send(message, stop);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Stopped streaming live messages to {Subscriber}", subscriber);
            }
        }, CancellationToken.None);
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _stop.Cancel();
    }
}
