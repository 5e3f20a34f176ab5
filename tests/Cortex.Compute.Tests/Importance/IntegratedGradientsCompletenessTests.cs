using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;

namespace Cortex.Compute.Tests.Importance;

[Collection(TorchCollection.Name)]
public sealed class IntegratedGradientsCompletenessTests
{
    const int D = 4, Grid = 4, Steps = 32;

    [Fact]
    public void Each_grids_completeness_error_matches_a_float64_reference()
    {
        manual_seed(5);
        using var extractor = ExtractorFactory.Create(ExtractorArchitecture.Cnn, D, Grid, concepts: 3, width: 8);
        extractor.eval();
        using var embeddings = randn(3, D, Grid, Grid);
        using var targets = tensor(new long[] { 2, 0, 1 });
        using var neutral = randn(D);
        using var result = TokenImportance.Compute(extractor, embeddings, targets, neutral,
            new ImportanceOptions { Method = ImportanceMethod.IntegratedGradients, IntegratedGradientsSteps = Steps });

        // Reference: the midpoint sum in float64, one grid and one path point at a time.
        extractor.to(float64);
        var (gaps, gains) = (new double[3], new double[3]);
        for (var i = 0; i < 3; i++)
        {
            var e = embeddings[i].to(float64).unsqueeze(0);
            var b = neutral.to(float64).view(1, D, 1, 1).expand_as(e);
            var y = (int)targets[i].item<long>();
            var delta = e - b;
            var sum = zeros_like(e);
            for (var j = 0; j < Steps; j++)
            {
                var point = b.Plus(delta.Times((j + 0.5) / Steps)).detach().requires_grad_();
                var logit = extractor.call(point)[0, y];
                sum = sum.Plus(autograd.grad([logit], [point])[0]);
            }
            var attribution = (delta * sum).sum().item<double>() / Steps;
            using var _ = no_grad();
            gains[i] = extractor.call(e)[0, y].item<double>() - extractor.call(b.contiguous())[0, y].item<double>();
            gaps[i] = Math.Abs(attribution - gains[i]);
        }
        extractor.to(float32);

        Assert.NotNull(result.GridCompletenessErrors);
        for (var i = 0; i < 3; i++)
            Assert.Equal(gaps[i] / Math.Abs(gains[i]), result.GridCompletenessErrors![i], 3);
        Assert.Equal(gaps.Average() / gains.Average(Math.Abs), result.CompletenessError!.Value, 3);
    }

    [Fact]
    public void Other_methods_report_no_completeness()
    {
        manual_seed(5);
        using var extractor = ExtractorFactory.Create(ExtractorArchitecture.Cnn, D, Grid, concepts: 3, width: 8);
        extractor.eval();
        using var result = TokenImportance.Compute(extractor, randn(2, D, Grid, Grid), tensor(new long[] { 0, 1 }), zeros(D),
            new ImportanceOptions { Method = ImportanceMethod.Gradient });
        Assert.Null(result.CompletenessError);
        Assert.Null(result.GridCompletenessErrors);
    }
}
