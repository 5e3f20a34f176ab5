using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>One chart of a comparison: its title, axes with units, and a line per run.</summary>
public sealed record ChartSpec(string Key, string Title, string XLabel, string XUnit, string YLabel, string YUnit, IReadOnlyList<LineSeries> Series);

/// <summary>
/// The curves of several runs overlaid, a chart per quantity: a codebook-level run's loss and target probability per
/// evaluator over its steps, an evaluation's deletion curve per TIS method and its masking drop per evaluator. A run
/// without such a curve adds no line; a chart no run has a line for is left out.
/// </summary>
public static class ComparisonCharts
{
    public static IReadOnlyList<ChartSpec> Of(IReadOnlyList<ExperimentDocument> runs, IReadOnlyDictionary<string, IReadOnlyList<StoredFrame>> frames,
        IReadOnlyDictionary<string, EvaluationReport> evaluations)
    {
        var charts = new List<ChartSpec>
        {
            new("loss", "Loss", "step", "", "loss", "", [.. Lines(runs, frames, f => f.Loss)]),
        };
        var evaluators = frames.Values.SelectMany(f => f).SelectMany(f => f.EvaluatorProbability?.Keys ?? []).Distinct().Order(StringComparer.Ordinal);
        charts.AddRange(evaluators.Select(e => new ChartSpec($"target-{e}", $"Target probability, {e} evaluator", "step", "", "p(target)", "probability",
            [.. Lines(runs, frames, f => f.EvaluatorProbability?.TryGetValue(e, out var p) == true ? p : double.NaN)])));
        var methods = evaluations.Values.SelectMany(r => r.DeletionCurves.Keys).Distinct().Order(StringComparer.Ordinal);
        charts.AddRange(methods.Select(m => new ChartSpec($"deletion-{m}", $"Deletion curve, {m}", "fraction deleted", "", "p(class)", "probability",
            [.. runs.Where(r => evaluations.TryGetValue(r.Id, out var e) && e.DeletionCurves.ContainsKey(m))
                .Select(r => new LineSeries(r.Name, evaluations[r.Id].DeletionCurves[m].X, evaluations[r.Id].DeletionCurves[m].Y))])));
        foreach (var (space, table) in new (string, Func<MaskingTable, IReadOnlyDictionary<string, DropCurve>>)[] { ("token", t => t.Token), ("pixel", t => t.Pixel) })
        {
            var judges = evaluations.Values.SelectMany(r => table(r.Masking).Keys).Distinct().Order(StringComparer.Ordinal);
            charts.AddRange(judges.Select(j => new ChartSpec($"masking-{space}-{j}", $"Masking drop, {space} space, {j} evaluator", "n masked", "positions",
                "probability drop", "probability",
                [.. runs.Where(r => evaluations.TryGetValue(r.Id, out var e) && table(e.Masking).ContainsKey(j)).SelectMany(r => Masking(r, evaluations[r.Id], table(evaluations[r.Id].Masking)[j]))])));
        }
        return [.. charts.Where(c => c.Series.Count > 0)];
    }

    static IEnumerable<LineSeries> Lines(IReadOnlyList<ExperimentDocument> runs, IReadOnlyDictionary<string, IReadOnlyList<StoredFrame>> frames, Func<StoredFrame, double> y) =>
        runs.Where(r => frames.TryGetValue(r.Id, out var f) && f.Count > 0)
            .Select(r => (r, points: frames[r.Id].Select(f => (x: (double)f.Step, y: y(f))).Where(p => double.IsFinite(p.y)).ToList()))
            .Where(s => s.points.Count > 0)
            .Select(s => new LineSeries(s.r.Name, [.. s.points.Select(p => p.x)], [.. s.points.Select(p => p.y)]));

    static IEnumerable<LineSeries> Masking(ExperimentDocument run, EvaluationReport report, DropCurve curve)
    {
        var ns = report.Masking.Ns.Select(n => (double)n).ToList();
        yield return new LineSeries($"{run.Name} · TIS", ns, curve.TisDrop);
        yield return new LineSeries($"{run.Name} · random", ns, curve.RandomDrop, Dashed: true);
    }
}
