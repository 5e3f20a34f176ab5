using System.Collections.Concurrent;
using Cortex.Web.Services;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cortex.Server.Cli;

/// <summary>
/// What one hub connection hears of the runs it joined: when the head published each run's <c>running</c> status and its first
/// progress, and how the run ended. A client that joins late gets the latest status and progress first, with their publish times.
/// </summary>
public sealed class ClusterWatch
{
    public sealed class Run
    {
        public TaskCompletionSource<DateTime> Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<DateTime> Progress { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<StatusMessage> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    readonly ConcurrentDictionary<string, Run> _runs = new();

    public ClusterWatch(HubConnection hub)
    {
        hub.On<StatusMessage>(ExperimentHubNames.Status, status =>
        {
            var run = Of(status.ExperimentId);
            if (status.Status == "running") run.Running.TrySetResult(status.PublishedAt);
            else if (status.Status != "queued")
            {
                // A run that ended before it ran or reported fails those waits with its reason instead of leaving them to time out.
                var ended = new InvalidOperationException($"Experiment {status.ExperimentId} ended {status.Status}: {status.Error}");
                run.Running.TrySetException(ended);
                run.Progress.TrySetException(ended);
                run.Ended.TrySetResult(status);
            }
        });
        hub.On<ProgressMessage>(ExperimentHubNames.Progress, progress => Of(progress.ExperimentId).Progress.TrySetResult(progress.PublishedAt));
    }

    public Run Of(string experimentId) => _runs.GetOrAdd(experimentId, _ => new Run());
}
