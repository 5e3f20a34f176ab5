namespace Cortex.Compute.Runs;

/// <summary>What a run reports while it works; called on the run's thread, so an implementation hands off and returns.</summary>
public interface IRunListener
{
    /// <summary>The run is in <paramref name="stage"/> (one of <see cref="RunStageNames"/>), that stage's fraction done.</summary>
    void Stage(string stage, double fraction);

    void Saliency(SaliencyMap map);

    void Frame(LiveFrame frame);

    void Log(string text);
}

/// <summary>The TIS map of one support image: row-major over a <paramref name="GridSize"/>² grid, with its top positions and their tokens.</summary>
public sealed record SaliencyMap(int ImageIndex, string Concept, int GridSize, double[] Tis, long[] TopTokens, int[] TopPositions);

/// <summary>
/// One step of the codebook search: the extractor's target probability per source image, each evaluator's on decode steps,
/// every source's token grid (row-major, image after image), the positions changed per source, and on decode steps the first image as PNG.
/// </summary>
public sealed record LiveFrame(int Step, int Steps, double Loss, double[] TargetProbability, IReadOnlyDictionary<string, double[]>? EvaluatorProbability,
    int GridSize, long[] Tokens, int[][] Changed, byte[]? Png);
