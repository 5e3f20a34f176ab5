namespace Cortex.Compute.Models;

/// <summary>
/// How a class-conditional prior is sampled: temperature (below 1 sharpens), top-k (0 keeps every
/// token) and classifier-free guidance (1 = the plain conditional distribution; above 1 moves the
/// logits away from the class-free ones, logits = u + g·(c − u)).
/// </summary>
public sealed record PriorSampling(double Temperature = 1.0, int TopK = 0, double Guidance = 1.0)
{
    /// <summary>
    /// Float32 logits divided by a temperature much nearer 0 overflow to infinity and softmax turns them
    /// into NaN (1e-320 did); 0.05 multiplies them by 20, far from overflow.
    /// </summary>
    public const double MinTemperature = 0.05;

    /// <summary>Hotter draws come close to uniform over the codebook: noise rather than samples of a class.</summary>
    public const double MaxTemperature = 10;

    /// <summary>Why <paramref name="temperature"/> cannot be sampled at, or null when it can.</summary>
    public static string? TemperatureProblem(double temperature) => temperature is >= MinTemperature and <= MaxTemperature
        ? null
        : $"temperature must lie in [{MinTemperature}, {MaxTemperature}] (nearer 0 the logits overflow and sampling fails), not {temperature}.";

    public void Validate(int codebookSize)
    {
        if (TemperatureProblem(Temperature) is { } problem) throw new ArgumentException(problem);
        if (TopK < 0 || TopK > codebookSize) throw new ArgumentException($"top-k must lie in 0..{codebookSize}, not {TopK}.");
        if (!(Guidance >= 1) || double.IsInfinity(Guidance)) throw new ArgumentException($"guidance must be a finite number ≥ 1, not {Guidance}.");
    }
}
