using Microsoft.AspNetCore.SignalR;

namespace Cortex.Web.Services;

/// <summary>
/// What a client of the live hub (<c>/hubs/experiments</c>) receives, one method per kind of
/// <see cref="ExperimentMessage"/>. The server's hub is typed by it; the names on the wire are
/// <see cref="ExperimentHubNames"/>, which the browser's connection uses too.
/// </summary>
public interface IExperimentClient
{
    [HubMethodName(ExperimentHubNames.Status)]
    Task Status(StatusMessage message);

    [HubMethodName(ExperimentHubNames.Progress)]
    Task Progress(ProgressMessage message);

    [HubMethodName(ExperimentHubNames.Frame)]
    Task Frame(FrameMessage message);

    [HubMethodName(ExperimentHubNames.History)]
    Task History(HistoryMessage message);

    [HubMethodName(ExperimentHubNames.Saliency)]
    Task Saliency(SaliencyMessage message);

    [HubMethodName(ExperimentHubNames.Log)]
    Task Log(LogMessage message);

    [HubMethodName(ExperimentHubNames.Annotation)]
    Task Annotation(AnnotationMessage message);
}

/// <summary>What a client of the live hub may call: join an experiment's stream (the latest state first), or leave it.</summary>
public interface IExperimentHub
{
    Task Join(string experimentId);

    Task Leave(string experimentId);
}

/// <summary>The live hub's method names on the wire, in one place for the server, the browser and the benchmarks' clients.</summary>
public static class ExperimentHubNames
{
    public const string Join = nameof(IExperimentHub.Join);
    public const string Leave = nameof(IExperimentHub.Leave);
    public const string Status = "status";
    public const string Progress = "progress";
    public const string Frame = "frame";
    public const string History = "history";
    public const string Saliency = "saliency";
    public const string Log = "log";
    public const string Annotation = "annotation";
}
