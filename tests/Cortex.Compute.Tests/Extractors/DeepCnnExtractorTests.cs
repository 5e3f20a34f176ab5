using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;

namespace Cortex.Compute.Tests.Extractors;

[Collection(TorchCollection.Name)]
public sealed class DeepCnnExtractorTests
{
    [Fact]
    public void In_eval_mode_one_backward_pass_gives_every_sample_its_own_gradient()
    {
        // Dropout and batch statistics would couple the samples of a batch; eval mode must remove both.
        manual_seed(3);
        using var extractor = ExtractorFactory.Create(ExtractorArchitecture.DeepCnn, embeddingDim: 6, gridSize: 8, concepts: 3, width: 8);
        extractor.eval();
        using var embeddings = randn(4, 6, 8, 8);
        using var targets = tensor(new long[] { 0, 2, 1, 2 });
        var (batched, _) = TargetGradient.Compute(extractor, embeddings, targets);
        var perSample = ReferenceSmoothGrad.PerSampleGradients(extractor, embeddings, targets);
        Assert.True(allclose(batched, perSample, rtol: 1e-4, atol: 1e-6), $"max difference {(batched - perSample).abs().max().item<float>()}");
    }

    [Fact]
    public void A_grid_too_small_to_pool_twice_is_refused()
    {
        Assert.Contains("at least 4×4", Assert.Throws<ArgumentException>(() => ExtractorFactory.Create(ExtractorArchitecture.DeepCnn, 6, 3, 3)).Message);
    }

    [Fact]
    public void Its_name_parses_and_round_trips()
    {
        Assert.Equal(ExtractorArchitecture.DeepCnn, ExtractorFactory.Parse("Deep-CNN"));
        Assert.Equal("deep-cnn", ExtractorFactory.Name(ExtractorArchitecture.DeepCnn));
    }
}
