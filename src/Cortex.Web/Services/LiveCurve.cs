namespace Cortex.Web.Services;

/// <summary>
/// A running codebook-level run's curve as its live stream tells it — the history a joiner gets first, then a point per
/// frame — in the stored frames' shape, so that a comparison draws it as it draws a finished run's. A step before the
/// last starts the curve over: the run was queued again.
/// </summary>
public sealed class LiveCurve
{
    readonly List<StoredFrame> _points = [];
    long _sequence = -1;

    /// <summary>Takes a message of the run's stream; true when the curve changed.</summary>
    public bool Take(ExperimentMessage message)
    {
        // The stream sends the latest frame again right after the history that holds it.
        if (message is not (HistoryMessage or FrameMessage) || message.Sequence <= _sequence) return false;
        _sequence = message.Sequence;
        if (message is HistoryMessage { Curve: var curve })
        {
            _points.Clear();
            _points.AddRange(curve.Steps.Select((step, i) => new StoredFrame(step, curve.Loss[i], curve.TargetProbability[i], Scored(curve.EvaluatorProbability, i), [], [], null)));
            return true;
        }
        var frame = (FrameMessage)message;
        if (_points.Count > 0 && frame.Step < _points[^1].Step) _points.Clear();
        // The first source image's numbers, as the stored frames and the live chart keep them.
        _points.Add(new StoredFrame(frame.Step, frame.Loss, frame.TargetProbability[0], frame.EvaluatorProbability?.ToDictionary(e => e.Key, e => e.Value[0]), [], [], null));
        return true;
    }

    /// <summary>The curve so far, a copy that later frames leave as it is.</summary>
    public IReadOnlyList<StoredFrame> Snapshot() => [.. _points];

    static Dictionary<string, double>? Scored(IReadOnlyDictionary<string, double?[]> evaluators, int index)
    {
        var scored = evaluators.Where(e => e.Value[index] is not null).ToDictionary(e => e.Key, e => e.Value[index]!.Value);
        return scored.Count > 0 ? scored : null;
    }
}
