using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>
/// The decoded frames a codebook-level run keeps for replay, in bounded memory whatever the run's
/// length: when more than <see cref="Capacity"/> are held, every other one is dropped and from then on
/// only every other decoded frame is taken, so the archive stays an even sample of the whole run.
/// </summary>
public sealed class FrameArchive
{
    public const int Capacity = 400;

    readonly List<(StoredFrame Frame, byte[] Png)> _frames = [];
    int _stride = 1;
    int _offered;

    public int Count => _frames.Count;

    public void Add(StoredFrame frame, byte[] png)
    {
        if (_offered++ % _stride != 0) return;
        _frames.Add((frame, png));
        if (_frames.Count <= Capacity) return;
        var kept = _frames.Where((_, i) => i % 2 == 0).ToList();
        _frames.Clear();
        _frames.AddRange(kept);
        _stride *= 2;
    }

    /// <summary>frames.json and one PNG per kept frame.</summary>
    public void WriteTo(IDictionary<string, byte[]> files)
    {
        files[FrameLog.Name] = FrameLog.Write(_frames.Select(f => f.Frame).ToList());
        foreach (var (frame, png) in _frames) files[frame.ImageFile!] = png;
    }
}
