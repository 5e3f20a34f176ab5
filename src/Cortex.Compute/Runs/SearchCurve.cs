namespace Cortex.Compute.Runs;

/// <summary>
/// <c>curve.csv</c>: a codebook-level search step by step: the loss, the extractor's target probability and
/// each evaluator's (a column per evaluator, filled on the steps that were decoded and scored, empty between).
/// </summary>
public sealed class SearchCurve(IReadOnlyList<string> evaluators)
{
    public const string Name = "curve.csv";

    readonly CsvText _csv = new(["step", "loss", "target_probability", .. evaluators.Select(e => $"{e}_target_probability")]);

    public void Add(int step, double loss, double targetProbability, IReadOnlyDictionary<string, double[]>? evaluatorProbability) =>
        _csv.Row([step, loss, targetProbability, .. evaluators.Select(e => evaluatorProbability?.GetValueOrDefault(e) is [var p, ..] ? (object)p : null)]);

    public byte[] ToBytes() => _csv.ToBytes();
}
