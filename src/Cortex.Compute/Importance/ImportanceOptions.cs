namespace Cortex.Compute.Importance;

/// <summary>Settings of a TIS computation; the defaults are the reference's (SmoothGrad, 20 samples, σ = 0.2·range, max over D).</summary>
public sealed record ImportanceOptions
{
    public ImportanceMethod Method { get; init; } = ImportanceMethod.SmoothGrad;
    public Reduction Reduction { get; init; } = Reduction.Max;
    public int SmoothGradSamples { get; init; } = 20;
    /// <summary>Noise σ as a fraction of each grid's value range (max − min).</summary>
    public double SmoothGradSigma { get; init; } = 0.2;
    public int IntegratedGradientsSteps { get; init; } = 32;
    /// <summary>Largest number of grids in one forward/backward pass; bounds memory, not the number of passes per grid.</summary>
    public int MaxBatch { get; init; } = 1024;
    public int Seed { get; init; } = 0;

    public void Validate()
    {
        if (SmoothGradSamples < 1) throw new ArgumentException($"SmoothGradSamples must be at least 1, not {SmoothGradSamples}.");
        if (!(SmoothGradSigma >= 0) || double.IsInfinity(SmoothGradSigma)) throw new ArgumentException($"SmoothGradSigma must be a finite number ≥ 0, not {SmoothGradSigma}.");
        if (IntegratedGradientsSteps < 32) throw new ArgumentException($"IntegratedGradientsSteps must be at least 32, not {IntegratedGradientsSteps}.");
        if (MaxBatch < 1) throw new ArgumentException($"MaxBatch must be at least 1, not {MaxBatch}.");
    }
}
