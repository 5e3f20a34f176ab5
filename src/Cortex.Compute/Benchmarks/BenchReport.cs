using System.Runtime.InteropServices;

namespace Cortex.Compute.Benchmarks;

/// <summary>What <c>cortex bench</c> measured of TIS and codebook search; bench.json holds it beside the machine, streaming and taming parts.</summary>
public sealed record BenchReport
{
    public required IReadOnlyList<TisBench> Tis { get; init; }
    public required IReadOnlyList<SearchBench> CodebookSearch { get; init; }
    /// <summary>Empty in a bench.json written before the batched search was measured.</summary>
    public IReadOnlyList<BatchedSearchBench> BatchedSearch { get; init; } = [];
    public required IReadOnlyList<string> Summary { get; init; }
}

/// <param name="LibtorchFrom">"bundled", or the folder an external libtorch was loaded from.</param>
public sealed record BenchMachine(string Date, string Device, string Libtorch, string LibtorchFrom, int Threads, int ProcessorCount, string Os)
{
    public static BenchMachine Of(Device device) => new(DateTime.UtcNow.ToString("yyyy-MM-dd"), Native.TorchRuntime.Name(device), Native.TorchRuntime.Version,
        Native.TorchRuntime.Source, get_num_threads(), Environment.ProcessorCount, RuntimeInformation.OSDescription);
}

/// <summary>
/// TIS images per second, batched in one backward pass vs the reference's one backward per image (and per noise sample);
/// since 2026-12-04 medians of alternate runs, the speedup the median of each pair's ratio (earlier: the fastest of each).
/// </summary>
public sealed record TisBench(string Method, string Size, int Batch, int Samples, double BatchedImagesPerSecond, double ReferenceImagesPerSecond, double Speedup)
{
    /// <summary>Grids per input-gradient pass that <see cref="Importance.GradientChunks"/> chose on CPU; null on a GPU or where every size up to the batch was still faster.</summary>
    public int? Chunk { get; init; }

    /// <summary>Seconds of batched runs before the timed ones: the warm-up and, on CPU, the search for the chunk size.</summary>
    public double ExplorationSeconds { get; init; }
}

/// <summary>Codebook-level steps per second with only the region's selection rows vs all H·W rows.</summary>
public sealed record SearchBench(string Part, string Size, int Region, int Batch, double RegionRowsStepsPerSecond, double AllRowsStepsPerSecond, double Speedup);

/// <summary>A taming VQGAN and cin transformer of one size with random weights: codec and sampling speed.</summary>
public sealed record TamingBench(VqganBench Vqgan, SamplingBench Sampling)
{
    /// <summary>Peak memory of loading the same weights from a safetensors file; null where the OS cannot reset the peak.</summary>
    public CheckpointLoadBench? Load { get; init; }

    public IReadOnlyList<string> Summary() =>
    [
        $"taming VQGAN ({Vqgan.Size}; {Count(Vqgan.Parameters)} parameters), batch {Vqgan.Batch}: encode {Vqgan.EncodeImagesPerSecond:F2} images/s, decode {Vqgan.DecodeImagesPerSecond:F2} images/s",
        $"taming cin sampling ({Sampling.Shape}; {Count(Sampling.Parameters)} parameters), {Sampling.Images} images × {Sampling.TokensPerImage} tokens, greedy: "
            + $"{Sampling.CachedTokensPerSecond:F1} tokens/s with the KV cache vs {Sampling.RecomputeTokensPerSecond:F1} recomputing the prefix "
            + $"(timed at {Sampling.RecomputeStepsTimed} of {Sampling.TokensPerImage} steps) — {Sampling.Speedup:F1}×",
        .. Load is { } load ? [load.Summary()] : Array.Empty<string>(),
    ];

    static string Count(long parameters) => parameters >= 1_000_000 ? $"{parameters / 1e6:F1} M" : parameters.ToString("N0");
}

/// <summary>Images per second through the encoder + quantizer and through the decoder, batch by batch.</summary>
public sealed record VqganBench(string Size, long Parameters, int Batch, double EncodeImagesPerSecond, double DecodeImagesPerSecond);

/// <summary>
/// Greedy class-conditional sampling of whole token grids: with the key/value cache versus recomputing
/// minGPT over the whole prefix at every step (estimated from <see cref="RecomputeStepsTimed"/> of the steps).
/// </summary>
public sealed record SamplingBench(string Shape, long Parameters, int Images, int TokensPerImage, double CachedTokensPerSecond,
    double RecomputeTokensPerSecond, int RecomputeStepsTimed, double Speedup);
