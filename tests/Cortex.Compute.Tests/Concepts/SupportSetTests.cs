using Cortex.Compute.Benchmarks;
using Cortex.Compute.Concepts;
using Cortex.Compute.Imaging;
using Cortex.Compute.Models;
using Cortex.Compute.Tests.Models;
using Cortex.Compute.World;

namespace Cortex.Compute.Tests.Concepts;

[Collection(TorchCollection.Name)]
public sealed class SupportSetTests
{
    [Fact]
    public void Generated_sets_are_deterministic_from_their_seed_and_carry_no_ground_truth()
    {
        using var model = TinyModels.Create();
        var concept = ClassTable.ByName("blue cross");
        using var first = SupportSets.Generate(model, concept, count: 5, seed: 3, new PriorSampling());
        using var again = SupportSets.Generate(model, concept, count: 5, seed: 3, new PriorSampling());
        using var other = SupportSets.Generate(model, concept, count: 5, seed: 4, new PriorSampling());
        Assert.Equal(first.Tokens.data<long>().ToArray(), again.Tokens.data<long>().ToArray());
        Assert.NotEqual(first.Tokens.data<long>().ToArray(), other.Tokens.data<long>().ToArray());
        Assert.Equal([5L, 8, 8], first.Tokens.shape);
        Assert.Equal(SupportSource.Generated, first.Source);
        Assert.Null(first.GroundTruth);
        Assert.Equal([5L, model.EmbeddingDim, 8, 8], first.Embeddings(model).shape);
    }

    [Fact]
    public void Encoded_sets_keep_tokens_and_ground_truth_together()
    {
        using var model = TinyModels.Create();
        var concept = ClassTable.ByName("green circle with dot");
        var renderer = new Renderer(new WorldOptions());
        using var set = SupportSets.Encode(model, renderer, concept, count: 4, seed: 9);
        Assert.Equal(4, set.Count);
        Assert.Equal(SupportSource.Encoded, set.Source);
        Assert.All(set.GroundTruth!, truth => Assert.Equal(concept.Id, truth.ClassId));
        using var again = model.Encode(WorldBatch.Stack(set.GroundTruth!));
        Assert.Equal(again.data<long>().ToArray(), set.Tokens.data<long>().ToArray());
    }

    [Fact]
    public void Supplied_images_encode_like_the_same_rendered_images_and_carry_no_ground_truth()
    {
        using var model = TinyModels.Create();
        var concept = ClassTable.ByName("red circle");
        using var rendered = SupportSets.Encode(model, new Renderer(new WorldOptions()), concept, count: 3, seed: 2);
        using var pixels = WorldBatch.Stack(rendered.GroundTruth!);

        using var uploaded = SupportSets.EncodeImages(model, "my photos", classId: -1, ImageRows.Of(pixels));

        Assert.Equal(rendered.Tokens.data<long>().ToArray(), uploaded.Tokens.data<long>().ToArray());
        Assert.Equal(SupportSource.Uploaded, uploaded.Source);
        Assert.Equal(("my photos", -1), (uploaded.Concept, uploaded.ClassId));
        Assert.Null(uploaded.GroundTruth);
        Assert.Contains("must be 3×32×32", Assert.Throws<ArgumentException>(() => SupportSets.EncodeImages(model, "small", -1, [new float[3 * 16 * 16]])).Message);
    }

    [Fact]
    public void Empty_sets_and_models_without_a_prior_are_refused()
    {
        using var model = TinyModels.Create();
        var concept = ClassTable.All[0];
        Assert.Contains("at least one image", Assert.Throws<ArgumentException>(() => SupportSets.Generate(model, concept, 0, 1, new PriorSampling())).Message);
        Assert.Contains("at least one image", Assert.Throws<ArgumentException>(() => SupportSets.Encode(model, new Renderer(new WorldOptions()), concept, -1, 1)).Message);
        Assert.Contains("at least one image", Assert.Throws<ArgumentException>(() => SupportSets.EncodeImages(model, "none", -1, [])).Message);
        using var noPrior = new RandomCodebookModel(8, 16, 4, CPU);
        Assert.Contains("has no prior", Assert.Throws<ArgumentException>(() => SupportSets.Generate(noPrior, concept, 3, 1, new PriorSampling())).Message);
    }
}
