using Cortex.Compute.Editing;
using Cortex.Compute.Extractors;
using Cortex.Compute.Tests.Models;

namespace Cortex.Compute.Tests.Editing;

/// <summary>One batched search over images with their own regions against a search of each image alone.</summary>
[Collection(TorchCollection.Name)]
public sealed class BatchedSearchTests
{
    static readonly EditRegion[] Regions =
    [
        new(8, [3, 9, 10, 40]),
        new(8, [0, 1, 62, 63]),
        new(8, [20, 27, 28, 35]),
    ];

    static (Compute.Models.BuiltIn.BuiltInModel Model, nn.Module<Tensor, Tensor> Extractor, Tensor Source) Setup()
    {
        var model = TinyModels.Create();
        manual_seed(11);
        var extractor = ExtractorFactory.Create(ExtractorArchitecture.Cnn, model.EmbeddingDim, model.GridSize, 12, width: 8);
        extractor.eval();
        return (model, extractor, randint(model.CodebookSize, [Regions.Length, model.GridSize, model.GridSize]));
    }

    public static TheoryData<string> Methods => ["gumbel", "embedding"];

    static SearchResult Run(string method, Compute.Models.BuiltIn.BuiltInModel model, nn.Module<Tensor, Tensor> extractor, Tensor source, IReadOnlyList<EditRegion> regions,
        SearchOptions options, List<SearchFrame> frames) => method == "gumbel"
        ? GumbelTokenSearch.Run(model, extractor, source, target: 4, regions, options, onFrame: frames.Add)
        : EmbeddingSearch.Run(model, extractor, source, target: 4, regions, options, onFrame: frames.Add);

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_batched_search_gives_each_image_what_its_own_search_gives(string method)
    {
        var (model, extractor, source) = Setup();
        var options = new SearchOptions { Steps = 15, LearningRate = 0.5, DecodeEvery = 1000, Seed = 3 };
        var batchedFrames = new List<SearchFrame>();
        using var batched = Run(method, model, extractor, source, Regions, options, batchedFrames);

        for (var i = 0; i < Regions.Length; i++)
        {
            var aloneFrames = new List<SearchFrame>();
            using var image = source.narrow(0, i, 1);
            using var alone = Run(method, model, extractor, image, [Regions[i]], options with { Seed = options.Seed + i }, aloneFrames);
            Assert.Equal(alone.FinalTokens[0].data<long>().ToArray(), batched.FinalTokens[i].data<long>().ToArray());
            for (var step = 0; step < options.Steps; step++)
            {
                Assert.Equal(aloneFrames[step].TargetProbability[0], batchedFrames[step].TargetProbability[i], 5);
                Assert.Equal(aloneFrames[step].ChangedPositions[0], batchedFrames[step].ChangedPositions[i]);
            }
        }
        // The searches moved, so equal tokens are not just the untouched sources.
        Assert.Contains(batchedFrames, f => f.ChangedPositions.All(c => c.Count > 0));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Each_image_changes_only_inside_its_own_region(string method)
    {
        var (model, extractor, source) = Setup();
        var judges = new SearchJudges(model.Judges, TargetClass: 4);
        var frames = new List<SearchFrame>();
        using var result = method == "gumbel"
            ? GumbelTokenSearch.Run(model, extractor, source, 4, Regions, new SearchOptions { Steps = 10, LearningRate = 0.5, DecodeEvery = 5 }, judges, frames.Add)
            : EmbeddingSearch.Run(model, extractor, source, 4, Regions, new SearchOptions { Steps = 10, LearningRate = 0.5, DecodeEvery = 5 }, judges, frames.Add);
        var original = source.flatten(1);
        foreach (var tokens in new[] { result.FinalTokens.flatten(1), result.BestTokens.flatten(1) })
            for (var i = 0; i < Regions.Length; i++)
            for (var p = 0; p < 64; p++)
                if (!Regions[i].Contains(p)) Assert.Equal(original[i, p].item<long>(), tokens[i, p].item<long>());
        Assert.All(frames, f => Assert.All(f.ChangedPositions.Select((changed, i) => (changed, i)), c => Assert.All(c.changed, p => Assert.True(Regions[c.i].Contains(p)))));
    }

    [Fact]
    public void Regions_of_different_sizes_or_a_wrong_count_are_refused()
    {
        var (model, extractor, source) = Setup();
        var options = new SearchOptions { Steps = 1 };
        Assert.Contains("differ in size", Assert.Throws<ArgumentException>(() =>
            GumbelTokenSearch.Run(model, extractor, source, 1, [Regions[0], Regions[1], new EditRegion(8, [5])], options)).Message);
        Assert.Contains("2 edit regions for 3 source images", Assert.Throws<ArgumentException>(() =>
            EmbeddingSearch.Run(model, extractor, source, 1, Regions[..2], options)).Message);
    }
}
