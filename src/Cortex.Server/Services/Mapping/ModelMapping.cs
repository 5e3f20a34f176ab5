using Cortex.Server.Storage;

namespace Cortex.Server.Services;

/// <summary>Between the parts of a stored model the model catalogue shows and their web contracts; the model document itself never leaves the server.</summary>
public static class ModelMapping
{
    public static EvaluatorFile ToContract(this StoredEvaluatorFile e) => new(e.Path, e.Config);

    public static StoredEvaluatorFile ToStored(this EvaluatorFile e) => new(e.Path, e.Config);

    public static EvaluatorFacts ToContract(this StoredEvaluatorFacts e) => new(e.Name, e.InputSize, e.Labels) { InputSizeNote = e.InputSizeNote };

    public static StoredEvaluatorFacts ToStored(this EvaluatorFacts e) => new(e.Name, e.InputSize, e.Labels) { InputSizeNote = e.InputSizeNote };

    public static SampleUsage ToContract(this StoredSampleUsage u) => new()
    {
        Samples = u.Samples, ClassesSampled = [.. u.ClassesSampled], DistinctTokens = u.DistinctTokens, Fraction = u.Fraction,
        Perplexity = u.Perplexity, Seconds = u.Seconds, MeasuredAt = u.MeasuredAt,
    };

    public static StoredSampleUsage ToStored(this SampleUsage u) => new()
    {
        Samples = u.Samples, ClassesSampled = [.. u.ClassesSampled], DistinctTokens = u.DistinctTokens, Fraction = u.Fraction,
        Perplexity = u.Perplexity, Seconds = u.Seconds, MeasuredAt = u.MeasuredAt,
    };
}
