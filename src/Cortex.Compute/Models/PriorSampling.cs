namespace Cortex.Compute.Models;

/// <summary>
/// How a class-conditional prior is sampled: temperature (below 1 sharpens), top-k (0 keeps every
/// token) and classifier-free guidance (1 = the plain conditional distribution; above 1 moves the
/// logits away from the class-free ones, logits = u + g·(c − u)).
/// </summary>
public sealed record PriorSampling(double Temperature = 1.0, int TopK = 0, double Guidance = 1.0)
{
    public void Validate(int codebookSize)
    {
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new ArgumentException($"temperature must be a positive number, not {Temperature}.");
        if (TopK < 0 || TopK > codebookSize) throw new ArgumentException($"top-k must lie in 0..{codebookSize}, not {TopK}.");
        if (!(Guidance >= 1) || double.IsInfinity(Guidance)) throw new ArgumentException($"guidance must be a finite number ≥ 1, not {Guidance}.");
    }
}
