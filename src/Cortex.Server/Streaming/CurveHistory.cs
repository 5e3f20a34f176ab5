using Cortex.Compute.Runs;
using Cortex.Web.Services;

namespace Cortex.Server.Streaming;

/// <summary>
/// A codebook-level run's curve so far (loss, the extractor's and the evaluators' target probability
/// of the first source image), so that a viewer who joins late, or comes back to the Live tab, sees
/// the whole run and not only what follows. At most <see cref="Capacity"/> points: an even sample of
/// the steps, and one of the decode steps, which alone carry the evaluators' probabilities.
/// </summary>
public sealed class CurveHistory
{
    public const int Capacity = 1000;

    readonly EvenSample<CurvePoint> _steps = new(Capacity / 2);
    readonly EvenSample<CurvePoint> _decoded = new(Capacity / 2);
    int? _lastStep;

    public void Add(FrameMessage frame) => Add(CurvePoint.Of(frame));

    public void Add(CurvePoint point)
    {
        // A step at or before the last one: the run was queued again and started over.
        if (point.Step <= _lastStep)
        {
            _steps.Clear();
            _decoded.Clear();
        }
        _lastStep = point.Step;
        (point.Evaluators is null ? _steps : _decoded).Add(point);
    }

    /// <summary>The points in step order; null before the first frame.</summary>
    public ChartSeries? Snapshot()
    {
        if (_lastStep is null) return null;
        var points = _steps.Items.Concat(_decoded.Items).OrderBy(p => p.Step).ToList();
        var evaluators = points.SelectMany(p => p.Evaluators?.Keys ?? Enumerable.Empty<string>()).Distinct();
        return new ChartSeries([.. points.Select(p => p.Step)], [.. points.Select(p => p.Loss)], [.. points.Select(p => p.TargetProbability)],
            evaluators.ToDictionary(name => name, name => points.Select(p => p.Evaluators is { } scored && scored.TryGetValue(name, out var value) ? value : (double?)null).ToArray()));
    }
}

/// <summary>One step of a run's curve: loss, the extractor's and (on decode steps) each evaluator's target probability of the first source image.</summary>
public sealed record CurvePoint(int Step, double Loss, double TargetProbability, IReadOnlyDictionary<string, double>? Evaluators)
{
    public static CurvePoint Of(FrameMessage frame) =>
        new(frame.Step, frame.Loss, frame.TargetProbability[0], frame.EvaluatorProbability?.ToDictionary(e => e.Key, e => e.Value[0]));
}
