using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;

namespace Cortex.Compute.Tests.Importance;

[Collection(TorchCollection.Name)]
public sealed class TokenImportanceTests
{
    const int D = 6, Grid = 4, Concepts = 3;

    static (nn.Module<Tensor, Tensor> Extractor, Tensor Embeddings, Tensor Targets) Setup(ExtractorArchitecture architecture, int batch = 5)
    {
        manual_seed(21);
        var extractor = ExtractorFactory.Create(architecture, D, Grid, Concepts, width: 8);
        extractor.eval();
        return (extractor, randn(batch, D, Grid, Grid), tensor(new long[] { 0, 1, 2, 1, 0 }[..batch]));
    }

    [Theory]
    [InlineData(ExtractorArchitecture.Cnn)]
    [InlineData(ExtractorArchitecture.ResNetSe)]
    [InlineData(ExtractorArchitecture.Transformer)]
    public void One_backward_pass_gives_every_sample_its_own_gradient(ExtractorArchitecture architecture)
    {
        var (extractor, embeddings, targets) = Setup(architecture);
        var (batched, _) = TargetGradient.Compute(extractor, embeddings, targets);
        var perSample = ReferenceSmoothGrad.PerSampleGradients(extractor, embeddings, targets);
        Assert.True(allclose(batched, perSample, rtol: 1e-4, atol: 1e-6), $"max difference {(batched - perSample).abs().max().item<float>()}");
    }

    [Fact]
    public void Gradients_stay_exact_after_forward_passes_without_gradients()
    {
        // libtorch's oneDNN convolutions returned wrong input gradients in exactly this order; Cortex turns them off for TIS.
        var (extractor, embeddings, targets) = Setup(ExtractorArchitecture.Cnn);
        using (no_grad())
        {
            extractor.call(embeddings).Dispose();
            extractor.call(embeddings[1..2]).Dispose();
        }
        var (batched, _) = TargetGradient.Compute(extractor, embeddings, targets);
        extractor.to(float64);
        var (exact, _) = TargetGradient.Compute(extractor, embeddings.to(float64), targets);
        extractor.to(float32);
        Assert.True(allclose(batched.to(float64), exact, rtol: 1e-4, atol: 1e-8), $"max difference {(batched.to(float64) - exact).abs().max().item<double>()}");
    }

    [Fact]
    public void Batched_smoothgrad_equals_the_reference_loop_for_the_same_noise()
    {
        var (extractor, embeddings, targets) = Setup(ExtractorArchitecture.Cnn);
        var options = new ImportanceOptions { SmoothGradSamples = 7, Seed = 3 };
        using var neutral = zeros(D);
        using var batched = TokenImportance.Compute(extractor, embeddings, targets, neutral, options);
        var reference = ReferenceSmoothGrad.Compute(extractor, embeddings, targets, options);
        Assert.Equal([5L, Grid, Grid], batched.Scores.shape);
        Assert.True(allclose(batched.Scores, reference, rtol: 1e-4, atol: 1e-6));
    }

    [Fact]
    public void Chunks_that_split_a_grids_noisy_copies_give_the_reference_loops_maps()
    {
        var (extractor, embeddings, targets) = Setup(ExtractorArchitecture.Cnn);
        // 7 copies a grid in chunks of at most 3 grids: most chunks hold copies of two grids.
        var options = new ImportanceOptions { SmoothGradSamples = 7, Seed = 5, MaxBatch = 3, Reduction = Reduction.L2 };
        using var neutral = zeros(D);
        using var batched = TokenImportance.Compute(extractor, embeddings, targets, neutral, options);
        var reference = ReferenceSmoothGrad.Compute(extractor.to(float64), embeddings.to(float64), targets, options);
        extractor.to(float32);
        Assert.True(allclose(batched.Scores.to(float64), reference, rtol: 1e-4, atol: 1e-7), $"max difference {(batched.Scores.to(float64) - reference).abs().max().item<double>()}");
    }

    [Fact]
    public void Integrated_gradients_do_not_depend_on_the_chunk_size()
    {
        var (extractor, embeddings, targets) = Setup(ExtractorArchitecture.Transformer);
        using var neutral = randn(D);
        var options = new ImportanceOptions { Method = ImportanceMethod.IntegratedGradients, Reduction = Reduction.Mean };
        using var whole = TokenImportance.Compute(extractor, embeddings, targets, neutral, options);
        using var chunked = TokenImportance.Compute(extractor, embeddings, targets, neutral, options with { MaxBatch = 5 });
        Assert.True(allclose(whole.Scores, chunked.Scores, rtol: 1e-5, atol: 1e-7));
        Assert.Equal(whole.CompletenessError!.Value, chunked.CompletenessError!.Value, 4);
    }

    [Fact]
    public void Chunking_does_not_change_the_gradients()
    {
        var (extractor, embeddings, targets) = Setup(ExtractorArchitecture.ResNetSe);
        var whole = TargetGradient.Chunked(extractor, embeddings, targets, maxBatch: 100);
        var chunked = TargetGradient.Chunked(extractor, embeddings, targets, maxBatch: 2);
        Assert.True(allclose(whole, chunked, rtol: 1e-5, atol: 1e-7));
    }

    [Fact]
    public void Integrated_gradients_satisfy_completeness()
    {
        var (extractor, embeddings, targets) = Setup(ExtractorArchitecture.Cnn);
        using var neutral = zeros(D);
        using var result = TokenImportance.Compute(extractor, embeddings, targets, neutral,
            new ImportanceOptions { Method = ImportanceMethod.IntegratedGradients, IntegratedGradientsSteps = 128 });
        Assert.NotNull(result.CompletenessError);
        Assert.True(result.CompletenessError < 0.02, $"completeness error {result.CompletenessError}");
    }

    [Fact]
    public void Occlusion_is_the_logit_drop_when_one_position_holds_the_neutral_embedding()
    {
        var (extractor, embeddings, targets) = Setup(ExtractorArchitecture.Cnn, batch: 2);
        using var neutral = randn(D);
        using var result = TokenImportance.Compute(extractor, embeddings, targets, neutral, new ImportanceOptions { Method = ImportanceMethod.Occlusion });
        using var _ = no_grad();
        var occluded = embeddings.clone();
        occluded[1, .., 2, 3] = neutral;
        var expected = extractor.call(embeddings)[1, targets[1]] - extractor.call(occluded)[1, targets[1]];
        Assert.Equal(expected.item<float>(), result.Scores[1, 2, 3].item<float>(), 4);
    }

    [Fact]
    public void Gradient_times_input_multiplies_before_reducing()
    {
        var (extractor, embeddings, targets) = Setup(ExtractorArchitecture.Cnn);
        using var neutral = zeros(D);
        var (gradient, _) = TargetGradient.Compute(extractor, embeddings, targets);
        using var result = TokenImportance.Compute(extractor, embeddings, targets, neutral,
            new ImportanceOptions { Method = ImportanceMethod.GradientTimesInput, Reduction = Reduction.Mean });
        Assert.True(allclose(result.Scores, (gradient * embeddings).mean([1]), rtol: 1e-5, atol: 1e-7));
    }

    [Fact]
    public void Reductions_over_channels_follow_their_definitions()
    {
        using var attribution = tensor(new float[] { 1, -3, 2, 0 }, [1, 4, 1, 1]);
        Assert.Equal(2f, ReduceOverChannels.Apply(attribution, Reduction.Max).item<float>());
        Assert.Equal(0f, ReduceOverChannels.Apply(attribution, Reduction.Mean).item<float>());
        Assert.Equal(3f, ReduceOverChannels.Apply(attribution, Reduction.AbsMax).item<float>());
        Assert.Equal(MathF.Sqrt(14), ReduceOverChannels.Apply(attribution, Reduction.L2).item<float>(), 5);
    }

    [Fact]
    public void Bad_settings_and_names_are_refused_with_the_field_named()
    {
        var (extractor, embeddings, targets) = Setup(ExtractorArchitecture.Cnn);
        using var neutral = zeros(D);
        Assert.Contains("IntegratedGradientsSteps", Assert.Throws<ArgumentException>(() => TokenImportance.Compute(extractor, embeddings, targets, neutral,
            new ImportanceOptions { Method = ImportanceMethod.IntegratedGradients, IntegratedGradientsSteps = 8 })).Message);
        Assert.Contains("SmoothGradSigma", Assert.Throws<ArgumentException>(() => new ImportanceOptions { SmoothGradSigma = double.NaN }.Validate()).Message);
        Assert.Contains("[B, D, H, W]", Assert.Throws<ArgumentException>(() => TokenImportance.Compute(extractor, embeddings[0], targets, neutral, new ImportanceOptions())).Message);
        Assert.Contains("Unknown TIS method 'saliency'", Assert.Throws<ArgumentException>(() => ImportanceNames.ParseMethod("saliency")).Message);
        Assert.Contains("Unknown reduction", Assert.Throws<ArgumentException>(() => ImportanceNames.ParseReduction("median")).Message);
        Assert.Contains("Unknown extractor architecture", Assert.Throws<ArgumentException>(() => ExtractorFactory.Parse("vgg")).Message);
        extractor.train();
        Assert.Throws<InvalidOperationException>(() => TargetGradient.Compute(extractor, embeddings, targets));
    }
}
