namespace Cortex.Web.Services;

/// <summary>
/// Every finding change of the server: a shortcut review or a person raised one, someone reviewed or commented on
/// it, or deleted it. Handlers run off the render thread; a page marshals with <c>InvokeAsync</c>, checks the
/// workspace, and disposes the subscription to stop.
/// </summary>
public interface IFindingFeed
{
    IDisposable Subscribe(Func<FindingChange, Task> handler);
}

/// <summary>One finding <see cref="FindingChanges.Raised"/>, <see cref="FindingChanges.Reviewed"/> or <see cref="FindingChanges.Deleted"/>, by <see cref="By"/> (null: a run).</summary>
public sealed record FindingChange(string FindingId, string WorkspaceId, string Change, string? By);

public static class FindingChanges
{
    public const string Raised = "raised";
    public const string Reviewed = "reviewed";
    public const string Deleted = "deleted";
}
