namespace Cortex.Server.Cli;

/// <summary>
/// What <c>cortex bench --only cluster</c> measured on a head (no local worker) and <c>cortex worker</c> processes on loopback,
/// with how busy the machine was before and after (its 1, 5 and 15 minute load averages).
/// </summary>
public sealed record ClusterReport(int ProcessorCount, string? LoadAverageBefore, string? LoadAverageAfter, ClusterDispatch Dispatch,
    ClusterFrames Frames, IReadOnlyList<ClusterThroughput> Throughput)
{
    public const double FrameP95TargetMs = 100;

    public IReadOnlyList<string> Summary() =>
    [
        $"cluster dispatch, 1 idle worker, {Dispatch.Samples} runs: queued→running p50 {Dispatch.RunningP50Ms} ms (max {Dispatch.RunningMaxMs} ms); "
            + $"→ first progress from the worker p50 {Dispatch.FirstProgressP50Ms} ms",
        $"cluster frames, {Frames.Received} of {Frames.Steps} steps received: worker→client p50 {Frames.WorkerToClientP50Ms} ms, p95 {Frames.WorkerToClientP95Ms} ms "
            + $"(target p95 < {FrameP95TargetMs} ms: {(Frames.WorkerToClientP95Ms < FrameP95TargetMs ? "met" : "MISSED")}); head→client p95 {Frames.HeadToClientP95Ms} ms",
        .. Throughput.Select(t => $"cluster throughput, {t.Workers} worker{(t.Workers == 1 ? "" : "s")}: {t.Experiments} experiments ({t.Mix}) in {t.Seconds} s, "
            + $"{t.ExperimentsPerHour} experiments/hour; runs by worker: {string.Join(", ", t.RunsByWorker.Select(r => $"{r.Key} {r.Value}"))}"),
        $"cluster load average before {LoadAverageBefore}, after {LoadAverageAfter} ({ProcessorCount} cores)",
    ];
}

/// <param name="RunningP50Ms">From sending the POST to the head publishing the run's status <c>running</c> (its message's PublishedAt; one clock on loopback).</param>
/// <param name="FirstProgressP50Ms">From sending the POST to the head publishing the first progress the worker sent that a client joined right after the POST saw.</param>
public sealed record ClusterDispatch(int Samples, double RunningP50Ms, double RunningMaxMs, double FirstProgressP50Ms);

/// <param name="WorkerToClientP50Ms">From the worker producing a frame (<c>ProducedAt</c>, the worker's clock) to its arrival in a .NET SignalR client on the head's hub.</param>
/// <param name="HeadToClientP95Ms">From the head publishing it (<c>PublishedAt</c>) to the same arrival.</param>
public sealed record ClusterFrames(int Steps, int DecodeEvery, long Received, double WorkerToClientP50Ms, double WorkerToClientP95Ms, double HeadToClientP50Ms,
    double HeadToClientP95Ms);

/// <param name="Seconds">From the first POST until the API reported every experiment of the mix ended.</param>
public sealed record ClusterThroughput(int Workers, int Experiments, string Mix, double Seconds, double ExperimentsPerHour, IReadOnlyDictionary<string, int> RunsByWorker);
