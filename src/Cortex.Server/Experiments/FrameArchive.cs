using Cortex.Server.Streaming;
using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>
/// The decoded frames a codebook-level run keeps for replay, in bounded memory whatever the run's
/// length: an even sample of at most <see cref="Capacity"/> of them over the whole run.
/// </summary>
public sealed class FrameArchive
{
    public const int Capacity = 400;

    readonly EvenSample<(StoredFrame Frame, byte[] Png)> _frames = new(Capacity);

    public int Count => _frames.Items.Count;

    public void Add(StoredFrame frame, byte[] png) => _frames.Add((frame, png));

    /// <summary>frames.json and one PNG per kept frame, with <paramref name="pinned"/> frames kept whether or not the sample holds them.</summary>
    public void WriteTo(IDictionary<string, byte[]> files, IReadOnlyList<(StoredFrame Frame, byte[] Png)>? pinned = null)
    {
        var frames = _frames.Items.Concat(pinned ?? []).DistinctBy(f => f.Frame.Step).OrderBy(f => f.Frame.Step).ToList();
        files[FrameLog.Name] = FrameLog.Write(frames.Select(f => f.Frame).ToList());
        foreach (var (frame, png) in frames) files[frame.ImageFile!] = png;
    }
}
