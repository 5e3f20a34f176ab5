using System.Diagnostics;
using Cortex.Compute.Editing;
using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using static Cortex.Compute.Benchmarks.BenchTiming;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Benchmarks;

/// <summary>
/// Speed, measured side by side in one run on the same inputs: batched TIS against the reference
/// algorithm, and codebook search with region rows only against all H·W rows, at the built-in size
/// and at the real VQGAN size (16×16 grid, D 256, a reference-size CNN extractor).
/// </summary>
public static class SpeedBenchmarks
{
    /// <param name="SearchBatch">images in one batched codebook search, each in its own region</param>
    /// <param name="GradientPairs">interleaved timings of batched and loop gradients; SmoothGrad, whose loop is 20 times slower, gets <paramref name="Repeats"/></param>
    public sealed record Options(int TisBatch = 32, int SmoothGradSamples = 20, int SearchSteps = 20, int Repeats = 3, bool Quick = false, int SearchBatch = 32,
        int GradientPairs = 5);

    /// <summary>Most batched runs spent letting <see cref="GradientChunks"/> settle before timing; on a GPU, or where every size up to the batch is still faster, it never does.</summary>
    const int MaxExplorationRuns = 8;

    const int VqganGrid = 16;
    const int VqganDim = 256;
    /// <summary>The CNN extractor's width at the VQGAN size: convolutions from D 256 up to 512 channels, the reference-size extractor.</summary>
    const int ReferenceWidth = 256;

    public static BenchReport Run(IVqModel builtIn, Device device, Options options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var tis = new List<TisBench>();
        var search = new List<SearchBench>();
        var batchedSearch = new List<BatchedSearchBench>();
        manual_seed(1);

        progress?.Report("TIS at the built-in size");
        using (var extractor = ExtractorFactory.Create(ExtractorArchitecture.Cnn, builtIn.EmbeddingDim, builtIn.GridSize, 12, width: 64).to(device))
        using (var embeddings = randn(options.TisBatch, builtIn.EmbeddingDim, builtIn.GridSize, builtIn.GridSize, device: device))
        {
            tis.AddRange(MeasureTis(extractor, embeddings, $"built-in {builtIn.GridSize}×{builtIn.GridSize}, D {builtIn.EmbeddingDim}", options));
        }
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report("TIS at the VQGAN size");
        // A smoke test keeps the VQGAN grid but not the reference extractor's width.
        var width = options.Quick ? 64 : ReferenceWidth;
        using (var extractor = ExtractorFactory.Create(ExtractorArchitecture.Cnn, VqganDim, VqganGrid, 12, width: width).to(device))
        using (var embeddings = randn(options.TisBatch, VqganDim, VqganGrid, VqganGrid, device: device))
        {
            tis.AddRange(MeasureTis(extractor, embeddings, $"VQGAN {VqganGrid}×{VqganGrid}, D {VqganDim}, CNN width {width}", options));
        }
        cancellationToken.ThrowIfCancellationRequested();

        var vqganRegion = EditRegion.Box(16, 7, 7, 10, 10);
        var builtInRegion = EditRegion.Box(builtIn.GridSize, builtIn.GridSize / 2 - 1, builtIn.GridSize / 2 - 1, builtIn.GridSize / 2, builtIn.GridSize / 2);
        progress?.Report("codebook search at the built-in size");
        search.AddRange(MeasureSearch(builtIn, builtInRegion, $"built-in {builtIn.GridSize}×{builtIn.GridSize}, K {builtIn.CodebookSize}, D {builtIn.EmbeddingDim}", options));
        batchedSearch.Add(BatchedSearchBenchmark.Measure(builtIn, 9, $"built-in {builtIn.GridSize}×{builtIn.GridSize}, K {builtIn.CodebookSize}, D {builtIn.EmbeddingDim}",
            options.SearchBatch, options.SearchSteps, options.Repeats));
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report("codebook search at the VQGAN size");
        using (var vqgan = new RandomCodebookModel(VqganGrid, options.Quick ? 1024 : 16384, VqganDim, device))
        {
            search.AddRange(MeasureSearch(vqgan, vqganRegion, $"VQGAN {VqganGrid}×{VqganGrid}, K {vqgan.CodebookSize}, D {VqganDim}", options));
            batchedSearch.Add(BatchedSearchBenchmark.Measure(vqgan, vqganRegion.Count, $"VQGAN {VqganGrid}×{VqganGrid}, K {vqgan.CodebookSize}, D {VqganDim}",
                options.SearchBatch, options.SearchSteps, options.Repeats));
        }

        return new BenchReport
        {
            Tis = tis,
            CodebookSearch = search,
            BatchedSearch = batchedSearch,
            Summary = tis.Select(t => $"TIS {t.Method} ({t.Size}, batch {t.Batch}): {t.BatchedImagesPerSecond:F0} images/s batched vs {t.ReferenceImagesPerSecond:F0} one backward per image — {t.Speedup:F2}× (medians of alternate runs"
                    + (t.Chunk is { } chunk ? $"; chunks of {chunk} grids, chosen in {t.ExplorationSeconds:F1} s before timing)" : ")"))
                .Concat(search.Select(s => $"{s.Part} ({s.Size}, region {s.Region} of the grid): {s.RegionRowsStepsPerSecond:F1} steps/s region rows vs {s.AllRowsStepsPerSecond:F1} all rows — {s.Speedup:F1}×"))
                .Concat(batchedSearch.Select(b => $"batched codebook search ({b.Size}, B {b.Batch}, each image its own {b.Region}-position region): "
                    + $"{b.BatchedImageStepsPerSecond:F1} images·steps/s vs {b.LoopImageStepsPerSecond:F1} one image at a time — {b.Speedup:F1}×"))
                .ToList(),
        };
    }

    /// <summary>
    /// Batched TIS against the loop, timed alternately in pairs (medians), after the batched form has
    /// explored its CPU chunk sizes: that exploration is paid once per extractor and grid shape, and
    /// inside the timed runs it made them a mix of sizes, some 25 % slower than the one kept.
    /// </summary>
    static IEnumerable<TisBench> MeasureTis(Module<Tensor, Tensor> extractor, Tensor embeddings, string size, Options options)
    {
        extractor.eval();
        var batch = (int)embeddings.shape[0];
        using var targets = randint(12, [batch], device: embeddings.device);
        using var neutral = zeros(embeddings.shape[1], device: embeddings.device);
        using var row = embeddings[..1];
        var smooth = new ImportanceOptions { SmoothGradSamples = options.SmoothGradSamples };
        var gradient = smooth with { Method = ImportanceMethod.Gradient };
        var device = embeddings.device;

        void BatchedGradient() => TokenImportance.Compute(extractor, embeddings, targets, neutral, gradient).Dispose();
        void LoopGradient() => ReferenceSmoothGrad.PerSampleGradients(extractor, embeddings, targets).Dispose();
        var exploring = Explore(extractor, row, BatchedGradient, device);
        LoopGradient();
        var gradients = PairedTiming.Measure(batch, options.GradientPairs, BatchedGradient, LoopGradient, device);
        yield return Bench("gradient", size, batch, 1, gradients, GradientChunks.MeasuredSize(extractor, row), exploring);

        void BatchedSmooth() => TokenImportance.Compute(extractor, embeddings, targets, neutral, smooth).Dispose();
        // The loop's passes have the gradient loop's shapes, already warm.
        void LoopSmooth() => ReferenceSmoothGrad.Compute(extractor, embeddings, targets, smooth).Dispose();
        exploring = Explore(extractor, row, BatchedSmooth, device);
        var smoothed = PairedTiming.Measure(batch, options.Repeats, BatchedSmooth, LoopSmooth, device);
        yield return Bench("smoothgrad", size, batch, options.SmoothGradSamples, smoothed, GradientChunks.MeasuredSize(extractor, row), exploring);
    }

    /// <summary>Seconds of batched runs until <see cref="GradientChunks"/> has settled on a chunk size (at least one run: the warm-up).</summary>
    static double Explore(object extractor, Tensor row, Action batched, Device device)
    {
        var clock = Stopwatch.StartNew();
        var runs = 0;
        do
        {
            batched();
            runs++;
        }
        while (device.type == DeviceType.CPU && GradientChunks.MeasuredSize(extractor, row) is null && runs < MaxExplorationRuns);
        Settle(device);
        return clock.Elapsed.TotalSeconds;
    }

    static TisBench Bench(string method, string size, int batch, int samples, PairedRates rates, int? chunk, double exploring) =>
        new(method, size, batch, samples, Round(rates.Rate), Round(rates.ReferenceRate), Round(rates.Speedup)) { Chunk = chunk, ExplorationSeconds = Round(exploring) };

    static IEnumerable<SearchBench> MeasureSearch(IVqModel model, EditRegion region, string size, Options options)
    {
        var cells = model.GridSize * model.GridSize;
        yield return Compare("token selection", size, region, options,
            allRows => SelectionSteps(model, allRows ? cells : region.Count, options));

        manual_seed(2);
        using var extractor = ExtractorFactory.Create(ExtractorArchitecture.Cnn, model.EmbeddingDim, model.GridSize, 12, width: 64).to(model.Device);
        using var source = randint(model.CodebookSize, [1, model.GridSize, model.GridSize], device: model.Device);
        yield return Compare("whole step with the CNN extractor", size, region, options, allRows =>
        {
            var search = new SearchOptions { Steps = options.SearchSteps, DecodeEvery = int.MaxValue, FrameEvery = int.MaxValue, MaterializeAllRows = allRows };
            GumbelTokenSearch.Run(model, extractor, source, 0, region, search with { Steps = 2 }).Dispose();
            Settle(model.Device);
            var clock = Stopwatch.StartNew();
            GumbelTokenSearch.Run(model, extractor, source, 0, region, search).Dispose();
            Settle(model.Device);
            return options.SearchSteps / clock.Elapsed.TotalSeconds;
        });
    }

    /// <summary>Steps/s of Gumbel selection + lookup + backward alone, for a given number of materialized rows.</summary>
    static double SelectionSteps(IVqModel model, int rows, Options options)
    {
        using var logits = randn([1, rows, model.CodebookSize], device: model.Device).requires_grad_();
        using var weights = randn([1, rows, model.EmbeddingDim], device: model.Device);
        using var generator = new Generator(1, model.Device);
        void Step()
        {
            using var scope = NewDisposeScope();
            var (embeddings, _) = GumbelSelection.Sample(logits, model.Codebook, 1.0, [generator]);
            (embeddings * weights).sum().backward();
            logits.grad?.zero_();
        }
        Step();
        Settle(model.Device);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.SearchSteps; i++) Step();
        Settle(model.Device);
        return options.SearchSteps / clock.Elapsed.TotalSeconds;
    }

    static SearchBench Compare(string part, string size, EditRegion region, Options options, Func<bool, double> stepsPerSecond)
    {
        var regionRows = stepsPerSecond(false);
        var allRows = stepsPerSecond(true);
        return new SearchBench(part, size, region.Count, 1, Round(regionRows), Round(allRows), Round(regionRows / allRows));
    }
}
