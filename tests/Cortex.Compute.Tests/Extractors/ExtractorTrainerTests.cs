using Cortex.Compute.Extractors;

namespace Cortex.Compute.Tests.Extractors;

[Collection(TorchCollection.Name)]
public sealed class ExtractorTrainerTests
{
    /// <summary>Three concepts told apart by which quadrant of the grid carries a bright embedding.</summary>
    static (Tensor Embeddings, Tensor Labels) Data()
    {
        manual_seed(2);
        var labels = tensor(Enumerable.Range(0, 180).Select(i => (long)(i % 3)).ToArray());
        var embeddings = randn(180, 4, 4, 4).Times(0.3);
        for (var i = 0; i < 180; i++)
        {
            var q = (int)labels[i].item<long>();
            var (rows, columns) = ((q / 2 * 2)..(q / 2 * 2 + 2), (q % 2 * 2)..(q % 2 * 2 + 2));
            embeddings[i, .., rows, columns] = embeddings[i, .., rows, columns].Plus(2);
        }
        return (embeddings, labels);
    }

    [Theory]
    [InlineData(ExtractorArchitecture.Cnn)]
    [InlineData(ExtractorArchitecture.DeepCnn)]
    [InlineData(ExtractorArchitecture.ResNetSe)]
    [InlineData(ExtractorArchitecture.Transformer)]
    public void Each_architecture_learns_a_separable_task_and_reports_its_split(ExtractorArchitecture architecture)
    {
        var (embeddings, labels) = Data();
        var progress = new List<ExtractorProgress>();
        using var trained = ExtractorTrainer.Train(architecture, embeddings, labels, 3,
            new ExtractorTrainingOptions { MaxEpochs = 40, BatchSize = 16, Width = 16, Patience = 40 }, new Training.SynchronousProgress<ExtractorProgress>(progress.Add));
        Assert.True(trained.TestAccuracy >= 0.9, $"{architecture} test accuracy {trained.TestAccuracy}");
        Assert.True(trained.ValAccuracy >= 0.9, $"{architecture} val accuracy {trained.ValAccuracy}");
        Assert.False(trained.Module.training);
        Assert.Equal(180, trained.TrainIndices.Length + trained.ValIndices.Length + trained.TestIndices.Length);
        Assert.Empty(trained.TrainIndices.Intersect(trained.TestIndices));
        Assert.Equal(trained.Epochs, progress.Count);
    }

    [Fact]
    public void Early_stopping_ends_training_once_validation_stops_improving()
    {
        var (embeddings, labels) = Data();
        using var trained = ExtractorTrainer.Train(ExtractorArchitecture.Cnn, embeddings, labels, 3,
            new ExtractorTrainingOptions { MaxEpochs = 200, Width = 8, Patience = 2 });
        Assert.True(trained.Epochs < 200, "training ran to the epoch limit");
    }

    [Fact]
    public void Bad_inputs_are_refused()
    {
        var (embeddings, labels) = Data();
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() =>
            ExtractorTrainer.Train(ExtractorArchitecture.Cnn, embeddings, labels, 3, new ExtractorTrainingOptions { LearningRate = double.NaN })).Message);
        Assert.Contains("labels", Assert.Throws<ArgumentException>(() =>
            ExtractorTrainer.Train(ExtractorArchitecture.Cnn, embeddings, labels[..10], 3, new ExtractorTrainingOptions())).Message);
        Assert.Contains("too small", Assert.Throws<ArgumentException>(() =>
            ExtractorTrainer.Train(ExtractorArchitecture.Cnn, embeddings[..3], labels[..3], 3, new ExtractorTrainingOptions())).Message);
    }
}
