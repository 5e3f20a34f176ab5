namespace Cortex.Server.Telemetry;

/// <summary>
/// The compute worker's and the runner's log lines, generated at compile time (no boxing, no parsing of
/// the template per call). They are written inside a run's scope (<see cref="RunScope"/>), so each line
/// carries the experiment id and the worker that ran it.
/// </summary>
public static partial class RunLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Count} experiment(s) were running when the server stopped; marked interrupted")]
    public static partial void Interrupted(this ILogger logger, int count);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Experiment {ExperimentId} started: {Method} on {Device}")]
    public static partial void Started(this ILogger logger, string experimentId, string method, string device);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Experiment {ExperimentId} entered stage {Stage}")]
    public static partial void StageEntered(this ILogger logger, string experimentId, string stage);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Experiment {ExperimentId}: {Line}")]
    public static partial void RunnerLine(this ILogger logger, string experimentId, string line);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Experiment {ExperimentId} succeeded; failed checks: {Checks}")]
    public static partial void Succeeded(this ILogger logger, string experimentId, string checks);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Experiment {ExperimentId} was cancelled")]
    public static partial void Cancelled(this ILogger logger, string experimentId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Experiment {ExperimentId} failed")]
    public static partial void Failed(this ILogger logger, Exception exception, string experimentId);
}

/// <summary>
/// The scope of one run's log lines. A list of pairs, so that structured sinks (OpenTelemetry's log
/// exporter, JSON console) turn them into attributes <c>ExperimentId</c> and <c>Worker</c>.
/// </summary>
public sealed class RunScope(string experimentId, string worker) : List<KeyValuePair<string, object>>([new("ExperimentId", experimentId), new("Worker", worker)])
{
    public override string ToString() => $"experiment {experimentId} on worker {worker}";
}
