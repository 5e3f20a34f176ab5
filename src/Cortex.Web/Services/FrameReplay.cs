namespace Cortex.Web.Services;

/// <summary>
/// Replay of a finished codebook-level run from its stored frames (in step order): which frame a
/// requested step shows, the frame in the live stream's shape, and the chart over all frames.
/// </summary>
public static class FrameReplay
{
    /// <summary>
    /// The index of the last frame at or before <paramref name="step"/>; the first frame when the step
    /// comes before all of them, the last when no step is asked for.
    /// </summary>
    public static int IndexAt(IReadOnlyList<StoredFrame> frames, int? step)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frames.Count, nameof(frames));
        if (step is not { } wanted) return frames.Count - 1;
        int low = 0, high = frames.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (frames[middle].Step <= wanted) low = middle;
            else high = middle - 1;
        }
        return low;
    }

    /// <summary>The frame as the live view draws it, its image at <see cref="ApiUrls.ExperimentFile"/>.</summary>
    public static ReplayFrame Frame(string experimentId, StoredFrame frame, int steps, int gridSize) => new(
        frame.Step, steps, frame.Loss, [frame.TargetProbability],
        frame.EvaluatorProbability?.ToDictionary(e => e.Key, e => new[] { e.Value }),
        gridSize, frame.Tokens, [frame.Changed],
        frame.ImageFile is { } file ? ApiUrls.ExperimentFile(experimentId, file) : null);

    /// <summary>One point per frame; an evaluator's point is null on frames it did not score.</summary>
    public static ChartSeries Chart(IReadOnlyList<StoredFrame> frames, IReadOnlyList<string> evaluators) => new(
        [.. frames.Select(f => f.Step)],
        [.. frames.Select(f => f.Loss)],
        [.. frames.Select(f => f.TargetProbability)],
        evaluators.ToDictionary(name => name, name => frames.Select(f => f.EvaluatorProbability is { } scored && scored.TryGetValue(name, out var p) ? p : (double?)null).ToArray()));
}

/// <summary>A stored frame in the shape of a <see cref="FrameMessage"/> (one source image), its image by URL instead of bytes.</summary>
public sealed record ReplayFrame(int Step, int Steps, double Loss, double[] TargetProbability, IReadOnlyDictionary<string, double[]>? EvaluatorProbability,
    int GridSize, long[] Tokens, int[][] Changed, string? ImageUrl);

/// <summary>The live chart's columns: steps, loss, the extractor's and each evaluator's target probability.</summary>
public sealed record ChartSeries(int[] Steps, double[] Loss, double[] TargetProbability, IReadOnlyDictionary<string, double?[]> EvaluatorProbability);
