using System.Diagnostics;
using Cortex.Compute.Models;
using Cortex.Compute.Training;

namespace Cortex.Compute.Benchmarks;

/// <summary><c>train-default</c>'s work — tokenizer, prior, both evaluators and the quality figures — timed on one device; the model is discarded.</summary>
public static class TrainingBenchmark
{
    public static TrainingBench Run(Device device, bool quick, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = (quick ? TrainingPlan.QuickPlan(1) : TrainingPlan.Full(1)) with { Device = device };
        var clock = Stopwatch.StartNew();
        using var model = DefaultTrainer.Train(plan, progress, cancellationToken);
        return new TrainingBench(Native.TorchRuntime.Name(device), quick, Math.Round(clock.Elapsed.TotalSeconds, 1), model.Card.Training.Stages, model.Card.Quality);
    }
}

public sealed record TrainingBench(string Device, bool Quick, double Seconds, IReadOnlyList<StageRecord> Stages, QualityReport? Quality)
{
    public string Summary() =>
        $"train-default ({(Quick ? "quick" : "full")} plan) on {Device}: {Seconds:F1} s — "
        + string.Join(", ", Stages.Select(s => $"{s.Stage} {s.Seconds:F1} s"))
        + (Quality is { } q ? $"; reconstruction {q.ReconPsnrDb:F1} dB, prior class agreement {q.PriorClassAgreement.Mean:P0}" : "");
}
