namespace Cortex.Compute.Editing;

/// <summary>Settings of a codebook-level search; defaults are the reference's (Adam, lr 0.01, τ = 1).</summary>
public sealed record SearchOptions
{
    public int Steps { get; init; } = 5000;
    public double LearningRate { get; init; } = 0.01;
    public double Temperature { get; init; } = 1.0;
    /// <summary>λ of the optional λ·mean(e²) penalty.</summary>
    public double EmbeddingPenalty { get; init; }
    /// <summary>Decode and score with the evaluators every k steps (and at the last step).</summary>
    public int DecodeEvery { get; init; } = 100;
    /// <summary>Report a frame every this many steps; decoded frames come every <see cref="DecodeEvery"/>.</summary>
    public int FrameEvery { get; init; } = 1;
    /// <summary>Materialize all H·W selection rows as the reference does (for the benchmark), instead of the region's only.</summary>
    public bool MaterializeAllRows { get; init; }
    public int Seed { get; init; }

    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"steps must be at least 1, not {Steps}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"learning rate must be a positive number, not {LearningRate}.");
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new ArgumentException($"temperature must be a positive number, not {Temperature}.");
        if (!(EmbeddingPenalty >= 0) || double.IsInfinity(EmbeddingPenalty)) throw new ArgumentException($"embedding penalty must be a finite number ≥ 0, not {EmbeddingPenalty}.");
        if (DecodeEvery < 1) throw new ArgumentException($"decode every must be at least 1, not {DecodeEvery}.");
        if (FrameEvery < 1) throw new ArgumentException($"frame every must be at least 1, not {FrameEvery}.");
    }
}

/// <summary>
/// One step of a search as a live view needs it. Tensors are on the CPU. <see cref="Decoded"/> and
/// <see cref="EvaluatorTargetProbability"/> are set only on decode steps.
/// </summary>
public sealed record SearchFrame(
    int Step,
    int Steps,
    double Loss,
    double[] TargetProbability,
    long[,,] Tokens,
    IReadOnlyList<int>[] ChangedPositions,
    float[][]? Decoded,
    IReadOnlyDictionary<string, double[]>? EvaluatorTargetProbability);

/// <summary>What a search found: the final and the best (by mean evaluator target probability) token grids.</summary>
public sealed record SearchResult(Tensor FinalTokens, Tensor BestTokens, IReadOnlyDictionary<string, double[]> BestEvaluatorTargetProbability, int Steps) : IDisposable
{
    public void Dispose()
    {
        FinalTokens.Dispose();
        BestTokens.Dispose();
    }
}
