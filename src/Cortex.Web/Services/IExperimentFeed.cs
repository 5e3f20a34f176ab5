namespace Cortex.Web.Services;

/// <summary>
/// Live messages for Blazor pages: one experiment's stream (latest status, progress and frame first), or
/// the status changes of every experiment (for lists). Handlers run off the render thread; a page
/// marshals with <c>InvokeAsync</c>. Dispose the subscription to stop.
/// </summary>
public interface IExperimentFeed
{
    IDisposable Subscribe(string experimentId, Func<ExperimentMessage, Task> handler);

    IDisposable SubscribeStatuses(Func<StatusMessage, Task> handler);
}
