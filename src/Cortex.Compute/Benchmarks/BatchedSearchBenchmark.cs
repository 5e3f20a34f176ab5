using Cortex.Compute.Editing;
using Cortex.Compute.Extractors;
using Cortex.Compute.Models;
using static Cortex.Compute.Benchmarks.BenchTiming;

namespace Cortex.Compute.Benchmarks;

/// <summary>
/// Codebook-level images·steps per second: one search over a batch of images, each in its own region,
/// against the reference's loop of one search per image (same settings, region rows only). The loop's
/// rate is per image, so it is timed on <see cref="BatchedSearchBench.LoopImages"/> of the batch's images.
/// </summary>
public sealed record BatchedSearchBench(string Size, int Batch, int Region, int LoopImages, double BatchedImageStepsPerSecond,
    double LoopImageStepsPerSecond, double Speedup);

static class BatchedSearchBenchmark
{
    const int LoopImages = 4;

    public static BatchedSearchBench Measure(IVqModel model, int regionSize, string size, int batch, int steps, int repeats)
    {
        manual_seed(3);
        using var extractor = ExtractorFactory.Create(ExtractorArchitecture.Cnn, model.EmbeddingDim, model.GridSize, 12, width: 64).to(model.Device);
        using var sources = randint(model.CodebookSize, [batch, model.GridSize, model.GridSize], device: model.Device);
        var cells = model.GridSize * model.GridSize;
        // Every image its own scattered region, as the paper protocol's top TIS positions are.
        var regions = Enumerable.Range(0, batch).Select(i => new EditRegion(model.GridSize,
            Enumerable.Range(0, cells).OrderBy(p => (p * 7919 + i * 104729) % 65521).Take(regionSize))).ToList();
        var search = new SearchOptions { Steps = steps, DecodeEvery = int.MaxValue, FrameEvery = int.MaxValue };

        var batched = Rate(batch * steps, repeats, () => GumbelTokenSearch.Run(model, extractor, sources, 0, regions, search).Dispose(), model.Device);
        var loopImages = Math.Min(LoopImages, batch);
        var loop = Rate(loopImages * steps, repeats, () =>
        {
            for (var i = 0; i < loopImages; i++)
            {
                using var image = sources.narrow(0, i, 1);
                GumbelTokenSearch.Run(model, extractor, image, 0, [regions[i]], search with { Seed = i }).Dispose();
            }
        }, model.Device);
        return new BatchedSearchBench(size, batch, regionSize, loopImages, Round(batched), Round(loop), Round(batched / loop));
    }
}
