using Cortex.Compute.Editing;
using Cortex.Compute.Extractors;
using Cortex.Compute.Tests.Models;

namespace Cortex.Compute.Tests.Editing;

[Collection(TorchCollection.Name)]
public sealed class CodebookSearchTests
{
    static (Compute.Models.BuiltIn.BuiltInModel Model, nn.Module<Tensor, Tensor> Extractor, Tensor Source) Setup()
    {
        var model = TinyModels.Create();
        manual_seed(5);
        var extractor = ExtractorFactory.Create(ExtractorArchitecture.Cnn, model.EmbeddingDim, model.GridSize, 12, width: 8);
        extractor.eval();
        return (model, extractor, randint(model.CodebookSize, [2, model.GridSize, model.GridSize]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_gumbel_search_changes_only_the_region(bool allRows)
    {
        var (model, extractor, source) = Setup();
        var region = new EditRegion(model.GridSize, [3, 9, 10, 40]);
        var frames = new List<SearchFrame>();
        using var result = GumbelTokenSearch.Run(model, extractor, source, target: 4, region,
            new SearchOptions { Steps = 12, DecodeEvery = 5, MaterializeAllRows = allRows, LearningRate = 0.5 }, onFrame: frames.Add);

        var outside = Enumerable.Range(0, 64).Where(p => !region.Contains(p)).Select(p => (long)p).ToArray();
        using var outsideIndex = tensor(outside);
        Assert.True(equal(result.FinalTokens.flatten(1).index_select(1, outsideIndex), source.flatten(1).index_select(1, outsideIndex)).all().item<bool>());
        Assert.Equal(12, frames.Count);
        Assert.All(frames, f => Assert.All(f.ChangedPositions, changed => Assert.All(changed, p => Assert.True(region.Contains(p)))));
        Assert.Contains(frames, f => f.ChangedPositions.Any(c => c.Count > 0));
        Assert.Equal([5, 10, 12], frames.Where(f => f.Decoded is not null).Select(f => f.Step));
        Assert.All(frames, f => Assert.Equal(2, f.TargetProbability.Length));
    }

    [Fact]
    public void The_search_raises_the_extractors_target_probability()
    {
        var (model, _, source) = Setup();
        // A linear extractor has a clear optimum: every position's best codebook entry for the target.
        manual_seed(6);
        using var extractor = nn.Sequential(nn.Flatten(), nn.Linear(model.EmbeddingDim * 64, 12));
        extractor.eval();
        var frames = new List<SearchFrame>();
        using var result = GumbelTokenSearch.Run(model, extractor, source, target: 7, EditRegion.Whole(model.GridSize),
            new SearchOptions { Steps = 150, LearningRate = 0.1, DecodeEvery = 1000, FrameEvery = 149 }, onFrame: frames.Add);
        Assert.True(frames[^1].TargetProbability.Average() > frames[0].TargetProbability.Average() + 0.05,
            $"target probability {frames[0].TargetProbability.Average()} → {frames[^1].TargetProbability.Average()}");
    }

    [Fact]
    public void Judges_score_decoded_edits_and_the_best_are_kept()
    {
        var (model, extractor, source) = Setup();
        var judges = new SearchJudges(model.Judges, TargetClass: 3);
        using var result = GumbelTokenSearch.Run(model, extractor, source, target: 3, EditRegion.Box(model.GridSize, 2, 2, 5, 5),
            new SearchOptions { Steps = 20, DecodeEvery = 5 }, judges);
        Assert.Equal(["cnn", "mixer"], result.BestEvaluatorTargetProbability.Keys.Order());
        Assert.All(result.BestEvaluatorTargetProbability.Values, p => Assert.All(p, v => Assert.InRange(v, 0, 1)));
        Assert.Equal(source.shape, result.BestTokens.shape);
    }

    [Fact]
    public void The_embedding_variant_snaps_to_codebook_entries_inside_the_region()
    {
        var (model, extractor, source) = Setup();
        var region = EditRegion.Box(model.GridSize, 0, 0, 1, 1);
        using var result = EmbeddingSearch.Run(model, extractor, source, target: 2, region, new SearchOptions { Steps = 30, LearningRate = 0.2, DecodeEvery = 10 });
        var final = result.FinalTokens.flatten(1).data<long>().ToArray();
        var original = source.flatten(1).data<long>().ToArray();
        for (var i = 0; i < final.Length; i++)
        {
            Assert.InRange(final[i], 0, model.CodebookSize - 1);
            if (!region.Contains(i % 64)) Assert.Equal(original[i], final[i]);
        }
    }

    [Fact]
    public void Bad_regions_and_settings_are_refused_with_the_field_named()
    {
        Assert.Contains("outside the 8×8 grid", Assert.Throws<ArgumentException>(() => new EditRegion(8, [3, 64])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new EditRegion(8, [])).Message);
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => EditRegion.Box(8, 6, 6, 8, 8)).Message);
        Assert.Contains("learning rate", Assert.Throws<ArgumentException>(() => new SearchOptions { LearningRate = double.NaN }.Validate()).Message);
        Assert.Contains("learning rate", Assert.Throws<ArgumentException>(() => new SearchOptions { LearningRate = -1 }.Validate()).Message);
        Assert.Contains("steps", Assert.Throws<ArgumentException>(() => new SearchOptions { Steps = -5 }.Validate()).Message);
        Assert.Contains("temperature", Assert.Throws<ArgumentException>(() => new SearchOptions { Temperature = 0 }.Validate()).Message);

        var (model, extractor, source) = Setup();
        Assert.Contains("16×16 grid", Assert.Throws<ArgumentException>(() =>
            GumbelTokenSearch.Run(model, extractor, source, 1, EditRegion.Whole(16), new SearchOptions { Steps = 1 })).Message);
    }
}
