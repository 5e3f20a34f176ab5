namespace Cortex.Server.Cli;

/// <summary>
/// What <c>cortex bench --only load</c> measured over its window (warm-up left out). Frame latency runs
/// from the server's publish time of a frame to its arrival in a .NET SignalR client's handler.
/// </summary>
public sealed record LoadReport(int Clients, int QueuedExperiments, int ApiClients, double ApiPauseMs, double WarmUpSeconds, double DurationSeconds,
    string? LoadAverageBefore, string? LoadAverageAfter, LiveRunLoad LiveRun, FrameLoad Frames, ApiLoad Api, MemoryLoad Memory)
{
    public const double MemoryGrowthTargetPercent = 10;
    public const double ApiP95TargetMs = 200;

    public bool MemoryTargetMet => Memory.GrowthPercent < MemoryGrowthTargetPercent;
    public bool ApiTargetMet => Api.P95Ms < ApiP95TargetMs;

    public IReadOnlyList<string> Summary() =>
    [
        $"load, {DurationSeconds:F0} s: {Clients} SignalR clients on a live codebook run ({LiveRun.StepsPerSecond:F1} steps/s, {QueuedExperiments} experiments queued), "
            + $"{ApiClients} clients paging the experiment list",
        $"load frames: latency p50 {Frames.LatencyP50Ms} ms, p95 {Frames.LatencyP95Ms} ms; per client {Frames.ReceivedPerClient.Mean:F0} received "
            + $"({Frames.ReceivedPerClient.Min:F0}–{Frames.ReceivedPerClient.Max:F0}), {Frames.DroppedPerClient.Mean:F0} dropped "
            + $"({Frames.DroppedPerClient.Min:F0}–{Frames.DroppedPerClient.Max:F0}; {Frames.DroppedPercent}% of frames)",
        $"load API: {Api.Requests} requests ({Api.Failures} failed), p50 {Api.P50Ms} ms, p95 {Api.P95Ms} ms, p99 {Api.P99Ms} ms "
            + $"(target p95 < {ApiP95TargetMs} ms: {Verdict(ApiTargetMet)})",
        $"load server memory (RSS): {Memory.StartMib} MiB → {Memory.EndMib} MiB, max {Memory.MaxMib} MiB, growth {Memory.GrowthPercent}% "
            + $"(target < {MemoryGrowthTargetPercent}%: {Verdict(MemoryTargetMet)})",
    ];

    static string Verdict(bool met) => met ? "met" : "MISSED";
}

/// <summary>The live run during the window: steps it took (one frame each) and its rate.</summary>
public sealed record LiveRunLoad(int DecodeEvery, int Steps, double StepsPerSecond)
{
    public static LiveRunLoad Of(int decodeEvery, IReadOnlyList<FrameWatcher> watchers, double seconds)
    {
        var streamed = watchers.Where(w => w.FirstStep is not null).ToList();
        var steps = streamed.Count == 0 ? 0 : streamed.Max(w => w.LastStep!.Value) - streamed.Min(w => w.FirstStep!.Value);
        return new LiveRunLoad(decodeEvery, steps, Math.Round(steps / seconds, 1));
    }
}

public sealed record FrameLoad(long Received, double LatencyP50Ms, double LatencyP95Ms, double LatencyP99Ms, Spread ReceivedPerClient, Spread DroppedPerClient,
    double DroppedPercent)
{
    public static FrameLoad Of(IReadOnlyList<FrameWatcher> watchers, LatencyHistogram latencies)
    {
        var (received, dropped) = (watchers.Sum(w => w.Received), watchers.Sum(w => w.Dropped));
        return new FrameLoad(received, latencies.Percentile(0.5), latencies.Percentile(0.95), latencies.Percentile(0.99),
            Spread.Of([.. watchers.Select(w => w.Received)]), Spread.Of([.. watchers.Select(w => w.Dropped)]),
            Math.Round(100.0 * dropped / Math.Max(1, received + dropped), 2));
    }
}

public sealed record ApiLoad(long Requests, long Failures, double RequestsPerSecond, double P50Ms, double P95Ms, double P99Ms)
{
    public static ApiLoad Of(IReadOnlyList<ListPager> pagers, LatencyHistogram latencies, double seconds)
    {
        var requests = pagers.Sum(p => p.Requests);
        return new ApiLoad(requests, pagers.Sum(p => p.Failures), Math.Round(requests / seconds, 1),
            latencies.Percentile(0.5), latencies.Percentile(0.95), latencies.Percentile(0.99));
    }
}

/// <summary>The server's resident set size at the window's start, its end, and every sample between.</summary>
public sealed record MemoryLoad(double StartMib, double EndMib, double MaxMib, double GrowthPercent, IReadOnlyList<MemorySample> Samples);

public sealed record MemorySample(double Seconds, double RssMib);

public sealed record Spread(double Min, double Mean, double Max)
{
    public static Spread Of(IReadOnlyList<long> values) => new(values.Min(), Math.Round(values.Average(), 1), values.Max());
}
