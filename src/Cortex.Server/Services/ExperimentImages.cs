using System.Collections.Concurrent;
using Cortex.Compute.Imaging;
using Cortex.Server.Experiments;
using Cortex.Server.Storage;

namespace Cortex.Server.Services;

/// <summary>
/// PNGs of an experiment's decoded support images (its <c>images.npy</c>), parsed once per experiment
/// and kept for the few experiments viewed most recently.
/// </summary>
public sealed class ExperimentImages(ExperimentStore store)
{
    const int Capacity = 8;
    const int ImagePixels = 128;

    readonly ConcurrentDictionary<(string Id, DateTime? Finished), float[][]> _images = new();

    /// <summary>One image of an experiment its caller may read (the workspace's <see cref="IExperimentService"/> found it).</summary>
    public byte[]? Png(ExperimentDocument experiment, int index)
    {
        if (!experiment.Files.Contains("images.npy")) return null;
        var experimentId = experiment.Id;
        if (_images.Count >= Capacity) _images.Clear();
        var images = _images.GetOrAdd((experimentId, experiment.FinishedAt), _ =>
        {
            var array = NpyArray.Read(store.ReadFile(experimentId, "images.npy")!);
            var (count, plane) = ((int)array.Shape[0], (int)(array.Shape[1] * array.Shape[2] * array.Shape[3]));
            var values = array.Float32();
            return Enumerable.Range(0, count).Select(i => values[(i * plane)..((i + 1) * plane)]).ToArray();
        });
        if (index < 0 || index >= images.Length) return null;
        // images.npy is [N, 3, S, S]: the side comes from the array, whatever model made it.
        var size = (int)Math.Round(Math.Sqrt(images[index].Length / 3.0));
        return PngWriter.Encode(images[index], size, PngWriter.ScaleToReach(size, ImagePixels));
    }
}
