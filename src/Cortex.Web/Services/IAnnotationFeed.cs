namespace Cortex.Web.Services;

/// <summary>
/// Every annotation change of the server, for pages that gather notes from many experiments (a token's page):
/// the experiment stream (<see cref="AnnotationMessage"/>) only carries its own experiment's. Handlers run off the
/// render thread; a page marshals with <c>InvokeAsync</c> and disposes the subscription to stop.
/// </summary>
public interface IAnnotationFeed
{
    IDisposable Subscribe(Func<AnnotationChange, Task> handler);
}

/// <summary>One annotation added, edited or deleted (<see cref="Change"/>), with what it is about so a page can tell whether it cares.</summary>
public sealed record AnnotationChange(string AnnotationId, string WorkspaceId, string? ModelId, long? TokenId, string ExperimentId, string Change);
