namespace Cortex.Compute.Benchmarks;

/// <summary>What <c>cortex bench</c> measured, serialized as bench.json.</summary>
public sealed record BenchReport
{
    public required BenchMachine Machine { get; init; }
    public required IReadOnlyList<TisBench> Tis { get; init; }
    public required IReadOnlyList<SearchBench> CodebookSearch { get; init; }
    public required IReadOnlyList<string> Summary { get; init; }
}

public sealed record BenchMachine(string Date, string Device, string Libtorch, int Threads, int ProcessorCount, string Os);

/// <summary>TIS images per second, batched in one backward pass vs the reference's one backward per image (and per noise sample).</summary>
public sealed record TisBench(string Method, string Size, int Batch, int Samples, double BatchedImagesPerSecond, double ReferenceImagesPerSecond, double Speedup);

/// <summary>Codebook-level steps per second with only the region's selection rows vs all H·W rows.</summary>
public sealed record SearchBench(string Part, string Size, int Region, int Batch, double RegionRowsStepsPerSecond, double AllRowsStepsPerSecond, double Speedup);
