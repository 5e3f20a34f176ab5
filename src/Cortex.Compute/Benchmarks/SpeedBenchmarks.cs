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
    public sealed record Options(int TisBatch = 32, int SmoothGradSamples = 20, int SearchSteps = 20, int Repeats = 3, bool Quick = false, int SearchBatch = 32);

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
            Summary = tis.Select(t => $"TIS {t.Method} ({t.Size}, batch {t.Batch}): {t.BatchedImagesPerSecond:F0} images/s batched vs {t.ReferenceImagesPerSecond:F0} one backward per image — {t.Speedup:F1}×")
                .Concat(search.Select(s => $"{s.Part} ({s.Size}, region {s.Region} of the grid): {s.RegionRowsStepsPerSecond:F1} steps/s region rows vs {s.AllRowsStepsPerSecond:F1} all rows — {s.Speedup:F1}×"))
                .Concat(batchedSearch.Select(b => $"batched codebook search ({b.Size}, B {b.Batch}, each image its own {b.Region}-position region): "
                    + $"{b.BatchedImageStepsPerSecond:F1} images·steps/s vs {b.LoopImageStepsPerSecond:F1} one image at a time — {b.Speedup:F1}×"))
                .ToList(),
        };
    }

    static IEnumerable<TisBench> MeasureTis(Module<Tensor, Tensor> extractor, Tensor embeddings, string size, Options options)
    {
        extractor.eval();
        var batch = (int)embeddings.shape[0];
        using var targets = randint(12, [batch], device: embeddings.device);
        using var neutral = zeros(embeddings.shape[1], device: embeddings.device);
        var smooth = new ImportanceOptions { SmoothGradSamples = options.SmoothGradSamples };
        var gradient = smooth with { Method = ImportanceMethod.Gradient };

        var device = embeddings.device;
        var batchedGradient = Rate(batch, options.Repeats, () => TokenImportance.Compute(extractor, embeddings, targets, neutral, gradient).Dispose(), device);
        var referenceGradient = Rate(batch, options.Repeats, () => ReferenceSmoothGrad.PerSampleGradients(extractor, embeddings, targets).Dispose(), device);
        yield return new TisBench("gradient", size, batch, 1, Round(batchedGradient), Round(referenceGradient), Round(batchedGradient / referenceGradient));

        var batchedSmooth = Rate(batch, options.Repeats, () => TokenImportance.Compute(extractor, embeddings, targets, neutral, smooth).Dispose(), device);
        var referenceSmooth = Rate(batch, 1, () => ReferenceSmoothGrad.Compute(extractor, embeddings, targets, smooth).Dispose(), device);
        yield return new TisBench("smoothgrad", size, batch, options.SmoothGradSamples, Round(batchedSmooth), Round(referenceSmooth), Round(batchedSmooth / referenceSmooth));
    }

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
