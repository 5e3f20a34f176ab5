namespace Cortex.Web.Contracts;

/// <summary>
/// The one statement of what an experiment's numbers may be: the API's validator and the dashboard's
/// form both read it, so a limit changed here changes the server's answer and the form's fields alike.
/// The two caps a server may configure (<c>Cortex:MaxSteps</c>, <c>Cortex:MaxImagesPerConcept</c>) are
/// its properties; the server registers the instance built from its options, so the form shows the
/// server's own cap.
/// </summary>
public sealed record ExperimentLimits(int MaxSteps = ExperimentLimits.DefaultMaxSteps, int MaxImagesPerConcept = ExperimentLimits.DefaultMaxImagesPerConcept)
{
    public const int DefaultMaxSteps = 20_000, DefaultMaxImagesPerConcept = 2_000;
    /// <summary>The extractor needs a few images per concept to learn anything it can be explained by.</summary>
    public const int MinImagesPerConcept = 8;
    // The compute side can tell apart at most as many concepts as its world has classes.
    public const int MinConcepts = 2, MaxConcepts = 32;
    public const int MaxExtractorEpochs = 500, MaxTopN = 64, MaxTokenNum = 1024;
    /// <summary>Adam at a larger rate, or a Gumbel softmax outside this temperature range, only turns the search into NaNs or noise.</summary>
    public const double MaxLearningRate = 10, MinTemperature = 0.01, MaxTemperature = 100;

    /// <summary>Per field (JSON path), the range it must lie in: the forms' helper texts and the messages both read these.</summary>
    public IntRange ImagesPerConcept => new(MinImagesPerConcept, MaxImagesPerConcept);
    public static IntRange ExtractorEpochs => new(1, MaxExtractorEpochs);
    public static IntRange TopN => new(1, MaxTopN);
    public static IntRange TokenNum => new(1, MaxTokenNum);
    public static IntRange Seed => new(0, int.MaxValue);
    public IntRange Steps => new(1, MaxSteps);
    public IntRange DecodeEvery => new(1, MaxSteps);
    public static PositiveRange LearningRate => new(0, MaxLearningRate);
    public static PositiveRange Temperature => new(MinTemperature, MaxTemperature);

    /// <summary>The fields only a codebook-level edit uses; the form hides them for the other methods.</summary>
    public static readonly IReadOnlySet<string> CodebookFields = new HashSet<string>
    {
        "parameters.steps", "parameters.decodeEvery", "parameters.learningRate", "parameters.temperature",
    };

    /// <summary>
    /// Every number of <paramref name="p"/> outside its range, as (field, message). Every number is checked
    /// whatever the method: an unused one is stored, listed and re-run all the same, and one beyond double's
    /// range (1E400 reads as infinity) would make the experiment unreadable as JSON.
    /// </summary>
    public IEnumerable<(string Field, string Message)> NumberProblems(ExperimentParameters p)
    {
        (string, IntRange, int)[] ints =
        [
            ("parameters.imagesPerConcept", ImagesPerConcept, p.ImagesPerConcept), ("parameters.extractorEpochs", ExtractorEpochs, p.ExtractorEpochs),
            ("parameters.topN", TopN, p.TopN), ("parameters.tokenNum", TokenNum, p.TokenNum), ("parameters.seed", Seed, p.Seed),
            ("parameters.steps", Steps, p.Steps), ("parameters.decodeEvery", DecodeEvery, p.DecodeEvery),
        ];
        foreach (var (field, range, value) in ints)
            if (range.Problem(value) is { } problem) yield return (field, problem);
        if (LearningRate.Problem(p.LearningRate) is { } rate) yield return ("parameters.learningRate", rate);
        if (Temperature.Problem(p.Temperature) is { } temperature) yield return ("parameters.temperature", temperature);
    }
}

/// <summary>An inclusive range of whole numbers.</summary>
public readonly record struct IntRange(int Low, int High)
{
    public string? Problem(int value) => value < Low || value > High ? $"Must lie in {this}, not {value}." : null;

    public override string ToString() => $"{Low}..{High}";
}

/// <summary>A positive finite number no smaller than <paramref name="Low"/> (0: any positive one) and no larger than <paramref name="High"/>.</summary>
public readonly record struct PositiveRange(double Low, double High)
{
    public string? Problem(double value) =>
        !double.IsFinite(value) || value <= 0 ? $"Must be a positive finite number, not {value}."
        : value < Low || value > High ? $"Must lie in {this}, not {value}."
        : null;

    public override string ToString() => $"{Low}..{High}";
}
