using System.Diagnostics;
using Cortex.Compute.Imaging;
using Cortex.Server.Storage;

namespace Cortex.Server.Models;

/// <summary>
/// How much of its codebook a model uses on its own samples: token grids drawn from its prior for
/// classes spread evenly over its class ids, counted entry by entry.
/// </summary>
public static class SampleUsageMeter
{
    public const int Samples = 16;
    const int Batch = 4;
    const int Seed = 2025;

    public static StoredSampleUsage Measure(HostedModel hosted, CancellationToken cancellationToken)
    {
        var model = hosted.Model;
        var prior = model.Prior ?? throw new InvalidOperationException($"Model '{model.Name}' has no prior to sample from.");
        var clock = Stopwatch.StartNew();
        var classes = Enumerable.Range(0, Samples).Select(i => (int)((long)i * prior.Classes / Samples)).ToList();
        var counts = new long[model.CodebookSize];
        using var generator = new torch.Generator(Seed, model.Device);
        for (var start = 0; start < Samples; start += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var ids = torch.tensor(classes.Skip(start).Take(Batch).Select(c => (long)c).ToArray(), device: model.Device);
            foreach (var token in prior.Sample(ids, hosted.Sampling, generator).cpu().contiguous().data<long>().ToArray()) counts[token]++;
        }
        var total = (double)counts.Sum();
        var entropy = counts.Where(c => c > 0).Sum(c => -(c / total) * Math.Log(c / total));
        var distinct = counts.Count(c => c > 0);
        return new StoredSampleUsage
        {
            Samples = Samples, ClassesSampled = [.. classes.Distinct()], DistinctTokens = distinct, Fraction = Math.Round((double)distinct / counts.Length, 4),
            Perplexity = Math.Round(Math.Exp(entropy), 2), Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2), MeasuredAt = DateTime.UtcNow,
        };
    }

    /// <summary>A PNG of <paramref name="count"/> prior samples of one class, seeded by the class so a page shows the same images every time.</summary>
    public static byte[] SamplesPng(HostedModel hosted, int classId, int count, int scale)
    {
        var model = hosted.Model;
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator((ulong)classId, model.Device);
        var ids = TensorMath.Repeated(count, classId, model.Device);
        var tokens = model.Prior!.Sample(ids, hosted.Sampling, generator);
        var images = ImageRows.Of(model.Decode(tokens).Clamp(-1, 1));
        return PngWriter.EncodeGrid(images, model.ImageSize, columns: Math.Min(8, count), scale: scale);
    }
}
