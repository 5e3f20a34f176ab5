using Cortex.Compute.Models;
using Cortex.Compute.Training;

namespace Cortex.Compute.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class QuickTrainingTests
{
    /// <summary>The quick plan cut further: enough steps for every loss to fall, few enough for a unit test.</summary>
    static readonly TrainingPlan Plan = TrainingPlan.QuickPlan(seed: 3) with
    {
        CnnEvaluator = new StagePlan(Steps: 60, BatchSize: 32, LearningRate: 3e-3, WarmupSteps: 5),
        MixerEvaluator = new StagePlan(Steps: 60, BatchSize: 32, LearningRate: 3e-3, WarmupSteps: 5),
        TokenizerStage = new StagePlan(Steps: 80, BatchSize: 32, LearningRate: 3e-3, WarmupSteps: 5),
        PriorStage = new StagePlan(Steps: 80, BatchSize: 32, LearningRate: 3e-3, WarmupSteps: 5),
        PriorDatasetImages = 1000,
        HeldOutImages = 64,
        SamplesPerClass = 2,
    };

    [Fact]
    public void Every_stage_lowers_its_loss_and_the_card_records_it_all()
    {
        var reports = new List<TrainingProgress>();
        using var model = DefaultTrainer.Train(Plan, new SynchronousProgress<TrainingProgress>(reports.Add));

        var stages = model.Card.Training.Stages;
        Assert.Equal(["evaluator cnn", "evaluator mixer", "tokenizer", "prior"], stages.Select(s => s.Stage));
        Assert.All(stages, s => Assert.True(s.FinalLoss < s.InitialLoss, $"{s.Stage}: loss went from {s.InitialLoss} to {s.FinalLoss}"));

        var quality = model.Card.Quality!;
        Assert.Equal(64, quality.HeldOutImages);
        Assert.InRange(quality.ReconPsnrDb, 5, 60);
        Assert.InRange(quality.CodebookUsage, 0, 1);
        Assert.Equal(["cnn", "mixer"], quality.EvaluatorAccuracy.Keys);
        Assert.Equal(12, quality.PriorClassAgreement.PerClass.Count);

        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1].OverallFraction, 6);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.OverallFraction >= p.First.OverallFraction), "progress went backwards");
    }

    [Fact]
    public void Cancellation_stops_training_between_steps()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.Step >= 10) cancellation.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => DefaultTrainer.Train(Plan, progress, cancellation.Token));
    }
}

/// <summary>Calls back on the reporting thread, unlike <see cref="Progress{T}"/>, so tests see every report in order.</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
