using Cortex.Web.Services;

namespace Cortex.Server.Cli;

/// <summary>
/// One hub client's view of a live codebook run. Every step publishes one frame, so a jump in the step
/// number is a frame the server's latest-wins outbox replaced before this client read it.
/// </summary>
public sealed class FrameWatcher(MeasurementWindow window, LatencyHistogram latencies)
{
    readonly Lock _gate = new();
    int? _previousStep;

    /// <summary>Whether any frame arrived, in the window or before it.</summary>
    public bool Streaming { get; private set; }
    public long Received { get; private set; }
    public long Dropped { get; private set; }
    public int? FirstStep { get; private set; }
    public int? LastStep { get; private set; }

    public void OnFrame(FrameMessage frame)
    {
        // Server and client share the loopback machine's clock, so the publish time is comparable.
        var latency = (DateTime.UtcNow - frame.PublishedAt).TotalMilliseconds;
        lock (_gate)
        {
            Streaming = true;
            if (!window.IsOpen) return;
            latencies.Record(latency);
            Received++;
            if (_previousStep is { } previous) Dropped += Math.Max(0, frame.Step - previous - 1);
            _previousStep = frame.Step;
            FirstStep ??= frame.Step;
            LastStep = frame.Step;
        }
    }
}
