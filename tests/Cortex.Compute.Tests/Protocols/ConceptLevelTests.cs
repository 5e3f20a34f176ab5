using Cortex.Compute.Concepts;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Extractors;
using Cortex.Compute.Protocols;
using Cortex.Compute.Tests.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Tests.Protocols;

/// <summary>Concept-level masking is held out: token sets come from training rows only and are judged on test rows.</summary>
[Collection(TorchCollection.Name)]
public sealed class ConceptLevelTests
{
    [Fact]
    public void The_held_out_split_keeps_every_test_row_out_of_the_training_rows_of_its_concept()
    {
        var labels = Enumerable.Range(0, 60).Select(i => (long)(i % 5)).ToArray();
        var (train, val, test) = ExtractorTrainer.Split(60, new ExtractorTrainingOptions { Seed = 4 });
        using var extractor = new TrainedExtractor(ExtractorArchitecture.Cnn, Linear(1, 1), 1, 1, 1, train, val, test);
        var split = HeldOutSplit.Of(extractor, labels, concepts: 5);
        for (var k = 0; k < 5; k++)
        {
            Assert.Empty(split.Train[k].Intersect(split.Test[k]));
            Assert.All(split.Train[k], i => Assert.Equal(k, labels[i]));
            Assert.All(split.Test[k], i => Assert.Equal(k, labels[i]));
            Assert.Empty(split.Train[k].Intersect(val));
        }
        Assert.Equal(train.Order(), split.Train.SelectMany(t => t).Order());
        Assert.Equal(test.Order(), split.Test.SelectMany(t => t).Order());

        using var leaky = new TrainedExtractor(ExtractorArchitecture.Cnn, Linear(1, 1), 1, 1, 1, [.. train, test[0]], val, test);
        Assert.Contains("disjoint", Assert.Throws<ArgumentException>(() => HeldOutSplit.Of(leaky, labels, 5)).Message);
    }

    [Fact]
    public void Token_sets_come_from_training_images_and_mask_only_their_ids_in_the_test_images()
    {
        using var model = TinyModels.Create();
        var (grid, cells) = (model.GridSize, model.GridSize * model.GridSize);
        // Training grids hold ids 0..9 only; every test grid holds id 5 in its first row and the last id, which no training grid has, elsewhere.
        var unseen = model.CodebookSize - 1L;
        using var trainTokens = randint(0, 10, [12, grid, grid]);
        using var trainScores = rand(12, grid, grid);
        var testIds = Enumerable.Range(0, 3 * cells).Select(i => i % cells < grid ? 5L : unseen).ToArray();
        using var testTokens = tensor(testIds, [3, grid, grid]);
        using var testClasses = tensor(new long[] { 2, 2, 2 });
        using var masks = new ConceptMasks(model, model.Judges, [new MaskGroup(testTokens, testClasses)]);
        int[] topNs = [1, cells], tokenNums = [1, 10, 100];

        var report = MaskingStage.ConceptLevel(model.Judges, masks, [new ConceptCase("c", trainTokens, trainScores, 0)], topNs, tokenNums);

        var set = report.TokenSets["c"];
        Assert.DoesNotContain(unseen, set);
        Assert.Equal(ConceptTokenSet.Compute(trainTokens, trainScores, cells, 100).Select(t => t.Token), set);
        // With every position counted and room for all ten ids, the set holds 5, so exactly the first row of each test grid is masked.
        Assert.Equal(10, report.SetSize[1][2]);
        Assert.Equal(1.0 / grid, report.TisMaskedShare[1][2], 4);
        Assert.Equal(1.0 / grid, report.FrequencyMaskedShare[1][2], 4);
        Assert.Equal(new ConceptSplit(12, 3), report.Split["c"]);
        foreach (var drops in report.Pixel.Values.Concat(report.Token.Values))
        {
            Assert.Equal(topNs.Length, drops.TisDrop.Count);
            Assert.All(drops.TisLogitDrop.Concat(drops.FrequencyDrop), row => Assert.Equal(tokenNums.Length, row.Count));
        }
    }
}
