namespace Cortex.Compute.Runs;

/// <summary>
/// The decoded frames a codebook-level run keeps for replay, in bounded memory whatever the run's
/// length: an even sample of at most <see cref="Capacity"/> of them over the whole run.
/// </summary>
public sealed class FrameArchive
{
    public const int Capacity = 400;

    readonly EvenSample<RecordedFrame> _frames = new(Capacity);

    public int Count => _frames.Items.Count;

    public void Add(RecordedFrame frame) => _frames.Add(frame);

    /// <summary>The kept frames in step order, with <paramref name="pinned"/> frames kept whether or not the sample holds them.</summary>
    public IReadOnlyList<RecordedFrame> Kept(IReadOnlyList<RecordedFrame>? pinned = null) =>
        _frames.Items.Concat(pinned ?? []).DistinctBy(f => f.Step).OrderBy(f => f.Step).ToList();
}
