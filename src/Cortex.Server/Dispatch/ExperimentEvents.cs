using System.Text.Json.Serialization;
using Cortex.Server.Streaming;
using Cortex.Web.Services;

namespace Cortex.Server.Dispatch;

/// <summary>
/// Something that happened to an experiment, published on <see cref="IExperimentEvents"/>: status changes by the
/// store, live output by the run. <see cref="Superseded"/> kinds only matter as their newest (progress, frames),
/// so a subscriber that falls behind may skip older ones. Workers send them to the head as JSON, hence the kinds' names.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ExperimentQueued), "queued")]
[JsonDerivedType(typeof(ExperimentStarted), "started")]
[JsonDerivedType(typeof(ExperimentFinished), "finished")]
[JsonDerivedType(typeof(ExperimentProgressed), "progress")]
[JsonDerivedType(typeof(FrameProduced), "frame")]
[JsonDerivedType(typeof(SaliencyProduced), "saliency")]
[JsonDerivedType(typeof(LogWritten), "log")]
public abstract record ExperimentEvent(string ExperimentId)
{
    [JsonIgnore]
    public virtual bool Superseded => false;

    /// <summary>This event, standing in for an <paramref name="older"/> one of its kind that was never sent: whatever of it must not be lost comes along.</summary>
    public virtual ExperimentEvent Replacing(ExperimentEvent older) => this;
}

public sealed record ExperimentQueued(string ExperimentId) : ExperimentEvent(ExperimentId);

public sealed record ExperimentStarted(string ExperimentId) : ExperimentEvent(ExperimentId);

/// <summary>The run ended: succeeded, failed, cancelled or interrupted, as stored.</summary>
public sealed record ExperimentFinished(string ExperimentId, ExperimentStatus Status, string? Error) : ExperimentEvent(ExperimentId);

public sealed record ExperimentProgressed(ProgressMessage Progress) : ExperimentEvent(Progress.ExperimentId)
{
    public override bool Superseded => true;
}

/// <param name="Earlier">The curve points of frames this one replaced before they were sent, oldest first.</param>
public sealed record FrameProduced(FrameMessage Frame, IReadOnlyList<CurvePoint>? Earlier = null) : ExperimentEvent(Frame.ExperimentId)
{
    public override bool Superseded => true;

    /// <summary>
    /// The replaced frame's curve point, and those it carried, come along: a live view may skip frames, but the curve a late
    /// joiner gets keeps every step the run made (the newest <see cref="CurveHistory.Capacity"/> of them while the head is away).
    /// </summary>
    public override ExperimentEvent Replacing(ExperimentEvent older) => older is FrameProduced frame
        ? this with { Earlier = [.. (frame.Earlier ?? []).Append(CurvePoint.Of(frame.Frame)).Concat(Earlier ?? []).TakeLast(CurveHistory.Capacity)] }
        : this;
}

public sealed record SaliencyProduced(SaliencyMessage Map) : ExperimentEvent(Map.ExperimentId);

public sealed record LogWritten(string ExperimentId, string Text) : ExperimentEvent(ExperimentId);
