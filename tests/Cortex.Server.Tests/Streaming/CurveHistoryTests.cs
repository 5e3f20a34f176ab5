using Cortex.Server.Streaming;
using Cortex.Web.Services;

namespace Cortex.Server.Tests.Streaming;

/// <summary>The curve a late joiner receives covers the whole run so far, in bounded memory.</summary>
public sealed class CurveHistoryTests
{
    const int DecodeEvery = 10;

    static FrameMessage Frame(int step) => new()
    {
        ExperimentId = "e1", Step = step, Steps = 100_000, Loss = -step, TargetProbability = [step / 100_000.0], Tokens = [], Changed = [[]],
        EvaluatorProbability = step % DecodeEvery == 0 ? new() { ["cnn"] = [step / 200_000.0] } : null,
    };

    [Fact]
    public void A_short_run_keeps_every_step_and_the_evaluators_only_where_they_scored()
    {
        var history = new CurveHistory();
        Assert.Null(history.Snapshot());
        for (var step = 1; step <= 30; step++) history.Add(Frame(step));

        var curve = history.Snapshot()!;

        Assert.Equal(Enumerable.Range(1, 30), curve.Steps);
        Assert.Equal(-30, curve.Loss[^1]);
        Assert.Equal(curve.Steps.Select(s => s % DecodeEvery == 0 ? s / 200_000.0 : (double?)null), curve.EvaluatorProbability["cnn"]);
    }

    [Fact]
    public void A_long_run_keeps_at_most_the_capacity_evenly_spread_over_all_of_it_with_the_evaluators_too()
    {
        var history = new CurveHistory();
        for (var step = 1; step <= 100_000; step++) history.Add(Frame(step));

        var curve = history.Snapshot()!;

        Assert.InRange(curve.Steps.Length, CurveHistory.Capacity / 2, CurveHistory.Capacity);
        Assert.True(curve.Steps.Zip(curve.Steps.Skip(1)).All(p => p.Second > p.First), "steps must be in order");
        Assert.Equal(1, curve.Steps[0]);
        Assert.True(curve.Steps[^1] > 95_000, $"the curve stops at step {curve.Steps[^1]}");
        var scored = curve.EvaluatorProbability["cnn"].Count(p => p is not null);
        Assert.InRange(scored, CurveHistory.Capacity / 4, CurveHistory.Capacity / 2);
        // Every k-th step without a decode is kept; k such steps span k · 10 / 9 steps, give or take one.
        var plain = curve.Steps.Where(s => s % DecodeEvery != 0).ToList();
        var gaps = plain.Zip(plain.Skip(1)).Select(p => p.Second - p.First).ToList();
        Assert.InRange(gaps.Max() - gaps.Min(), 0, 1);
    }

    [Fact]
    public void A_run_that_starts_over_starts_a_new_curve()
    {
        var history = new CurveHistory();
        for (var step = 1; step <= 50; step++) history.Add(Frame(step));
        for (var step = 1; step <= 5; step++) history.Add(Frame(step));

        Assert.Equal(Enumerable.Range(1, 5), history.Snapshot()!.Steps);
    }
}
