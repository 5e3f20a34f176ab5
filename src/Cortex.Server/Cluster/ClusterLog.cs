namespace Cortex.Server.Cluster;

/// <summary>The cluster's log lines, source-generated.</summary>
static partial class ClusterLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} joined from {Machine} on {Device} with {Slots} slots, holding {Held} runs.")]
    public static partial void WorkerJoined(this ILogger logger, string worker, string machine, string device, int slots, int held);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker} died with {Runs} runs.")]
    public static partial void WorkerDied(this ILogger logger, string worker, int runs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {ExperimentId} goes to worker {Worker} (attempt {Attempt}).")]
    public static partial void Assigned(this ILogger logger, string experimentId, string worker, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a result of experiment {ExperimentId} from worker {Worker} (attempt {Attempt}): the run was given up on and queued again.")]
    public static partial void StaleResult(this ILogger logger, string experimentId, string worker, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatching queued experiments failed; trying again.")]
    public static partial void DispatchFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach worker {Worker} to {What}: {Reason}")]
    public static partial void CallFailed(this ILogger logger, string worker, string what, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined the head as worker {Worker}.")]
    public static partial void JoinedHead(this ILogger logger, string worker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The head cannot be reached ({Reason}); trying again.")]
    public static partial void HeadUnreachable(this ILogger logger, string reason);
}
