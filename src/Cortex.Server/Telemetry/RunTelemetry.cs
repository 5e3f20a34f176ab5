using System.Diagnostics;
using Cortex.Server.Storage;

namespace Cortex.Server.Telemetry;

/// <summary>
/// What one run leaves in telemetry, from the worker's side: its span (<see cref="CortexTracing.StartRun"/>)
/// with a child span per stage, and its log lines under a scope that names the experiment and the worker.
/// Its duration and step rate are the head's to record, from the times it stores. Dispose when the run has ended.
/// </summary>
public sealed class RunTelemetry : IDisposable
{
    readonly StoredExperiment _experiment;
    readonly ILogger _logger;
    readonly IDisposable? _scope;
    readonly Activity? _run;
    Activity? _stage;
    string? _stageName;

    public RunTelemetry(StoredExperiment experiment, string worker, string device, ILogger logger)
    {
        (_experiment, _logger) = (experiment, logger);
        _scope = logger.BeginScope(new RunScope(experiment.Id, worker));
        _run = CortexTracing.StartRun(experiment, worker, device);
        logger.Started(experiment.Id, Tags.MethodName(experiment.Method), device);
    }

    /// <summary>The run reports progress in <paramref name="stage"/>: a new stage ends the last one's span and starts its own.</summary>
    public void Stage(string stage)
    {
        if (stage == _stageName) return;
        _stage?.Stop();
        (_stageName, _stage) = (stage, CortexTracing.StartStage(_run, stage));
        _logger.StageEntered(_experiment.Id, stage);
    }

    /// <summary>A line the runner streams to the experiment's viewers, logged too.</summary>
    public void Line(string text) => _logger.RunnerLine(_experiment.Id, text);

    /// <summary>The run ended as <paramref name="finished"/> says (succeeded, failed or cancelled, as stored).</summary>
    public void Finished(StoredExperiment finished, Exception? failure = null)
    {
        _run?.SetTag(Tags.Status, Tags.StatusName(finished.Status));
        switch (finished.Status)
        {
            case ExperimentStatus.Succeeded:
                var failedChecks = finished.FailedChecks().Select(c => c.Name).ToList();
                _logger.Succeeded(finished.Id, failedChecks.Count == 0 ? "none" : string.Join(", ", failedChecks));
                _run?.SetStatus(ActivityStatusCode.Ok);
                break;
            case ExperimentStatus.Cancelled:
                _logger.Cancelled(finished.Id);
                break;
            default:
                if (failure is not null) _logger.Failed(failure, finished.Id);
                _run?.SetStatus(ActivityStatusCode.Error, finished.Error);
                if (failure is not null) _run?.AddException(failure);
                break;
        }
    }

    public void Dispose()
    {
        _stage?.Stop();
        _run?.Stop();
        _scope?.Dispose();
    }
}
