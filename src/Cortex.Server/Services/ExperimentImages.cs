using System.Collections.Concurrent;
using Cortex.Compute.Imaging;
using Cortex.Server.Experiments;
using Cortex.Server.Models;
using Cortex.Server.Storage;

namespace Cortex.Server.Services;

/// <summary>
/// PNGs of an experiment's decoded support images (its <c>images.npy</c>), parsed once per experiment
/// and kept for the few experiments viewed most recently.
/// </summary>
public sealed class ExperimentImages(ExperimentStore store, BuiltInModelHost models)
{
    const int Capacity = 8;
    const int Scale = 4;

    readonly ConcurrentDictionary<(string Id, DateTime? Finished), float[][]> _images = new();

    public byte[]? Png(string experimentId, int index)
    {
        if (store.Get(experimentId) is not { } experiment || !experiment.Files.Contains("images.npy")) return null;
        if (_images.Count >= Capacity) _images.Clear();
        var images = _images.GetOrAdd((experimentId, experiment.FinishedAt), _ =>
        {
            var array = NpyArray.Read(store.ReadFile(experimentId, "images.npy")!);
            var (count, plane) = ((int)array.Shape[0], (int)(array.Shape[1] * array.Shape[2] * array.Shape[3]));
            var values = array.Float32();
            return Enumerable.Range(0, count).Select(i => values[(i * plane)..((i + 1) * plane)]).ToArray();
        });
        return index >= 0 && index < images.Length ? PngWriter.Encode(images[index], models.Model.ImageSize, Scale) : null;
    }
}
