namespace Cortex.EndToEnd;

/// <summary>A codebook-level run small enough to finish in seconds on a CPU, yet long enough to stream well over ten frames.</summary>
public static class QuickCodebookRun
{
    public const int Steps = 300;
    public const int DecodeEvery = 2;

    public static object Request(string name, string sourceConceptId, string targetConceptId) => new
    {
        name,
        method = "codebook-level",
        conceptIds = new[] { sourceConceptId, targetConceptId },
        parameters = new { imagesPerConcept = 16, extractorEpochs = 5, steps = Steps, decodeEvery = DecodeEvery, sourceConceptId, targetConceptId },
    };
}
