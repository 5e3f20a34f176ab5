using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Quality;

namespace Cortex.Compute.Tests.Quality;

/// <summary>
/// The model committed under models/default must meet WORLD.md's bars. The figures are measured
/// again here from the shipped files, not read from the card.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ShippedModelTests
{
    static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "models", "default");

    [Fact]
    public void The_shipped_model_meets_every_quality_bar()
    {
        using var model = ModelStore.Load(ShippedDirectory);
        var quality = ModelQuality.Measure(model, heldOutImages: 1000, samplesPerClass: 50, seed: model.Card.Training.Seed);

        Assert.True(quality.ReconPsnrDb >= 26, $"reconstruction PSNR {quality.ReconPsnrDb} dB < 26 dB");
        Assert.True(quality.CodebookUsage >= 0.60, $"codebook usage {quality.CodebookUsage} < 60%");
        foreach (var (name, accuracy) in quality.EvaluatorAccuracy)
        {
            Assert.True(accuracy >= 0.98, $"evaluator {name} accuracy {accuracy} < 0.98");
            var onRecon = quality.EvaluatorAccuracyOnRecon[name];
            Assert.True(onRecon >= 0.95 * accuracy, $"evaluator {name} accuracy on reconstructions {onRecon} < 0.95 × {accuracy}");
        }
        Assert.True(quality.PriorClassAgreement.Mean >= 0.85, $"mean prior class agreement {quality.PriorClassAgreement.Mean} < 0.85");
        foreach (var (name, agreement) in quality.PriorClassAgreement.PerClass)
            Assert.True(agreement >= 0.70, $"prior class agreement of {name} is {agreement} < 0.70");
        Assert.True(quality.ShortcutRate >= 0.75, $"shortcut rate {quality.ShortcutRate} < 0.75");
    }

    [Fact]
    public void The_shipped_card_records_its_training_and_fits_the_time_budget()
    {
        var card = ModelStore.ReadCard(ShippedDirectory);
        Assert.False(card.Training.Quick);
        Assert.Equal(4, card.Training.Stages.Count);
        Assert.True(card.Training.TotalSeconds <= 30 * 60, $"train-default took {card.Training.TotalSeconds} s, over 30 minutes");
        Assert.Equal("red circle", card.World.Shortcut.ClassName);
        Assert.True(card.Tokenizer.CodebookSize >= 256 && card.Tokenizer.EmbeddingDim >= 32);
        Assert.DoesNotContain(QualityBars.Check(card.Quality!), c => !c.Meets);
    }
}
