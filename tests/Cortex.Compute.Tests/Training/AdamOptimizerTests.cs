using Cortex.Compute.Training;
using TorchSharp.Modules;

namespace Cortex.Compute.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class AdamOptimizerTests
{
    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(false, 0.1)]
    [InlineData(true, 0.01)]
    public void Steps_land_where_torchsharps_optimizer_lands(bool decoupled, double weightDecay)
    {
        manual_seed(11);
        using var start = randn(4, 3);
        using var target = randn(4, 3);
        using var expected = new Parameter(start.clone());
        using var actual = new Parameter(start.clone());
#pragma warning disable RS0030 // TorchSharp's optimizers are the reference
        using var reference = decoupled
            ? (optim.Optimizer)optim.AdamW([expected], 0.05, weight_decay: weightDecay)
            : optim.Adam([expected], 0.05, weight_decay: weightDecay);
        using var adam = decoupled
            ? AdamOptimizer.Decoupled([actual], 0.05, weightDecay)
            : AdamOptimizer.WithL2([actual], 0.05, weightDecay);

        for (var step = 0; step < 6; step++)
        {
            var rate = 0.05 / (step + 1);
            foreach (var group in reference.ParamGroups) group.LearningRate = rate;
            adam.LearningRate = rate;
            reference.zero_grad();
            adam.ZeroGrad();
            using (var loss = (expected - target).Pow(3).abs().sum()) loss.backward();
            using (var loss = (actual - target).Pow(3).abs().sum()) loss.backward();
            reference.step();
            adam.Step();
        }
#pragma warning restore RS0030
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-7), $"max difference {(actual - expected).abs().max().item<float>()}");
        Assert.False(actual.allclose(start), "the optimizer never moved the parameter");
    }

    [Fact]
    public void Parameters_without_gradients_stay_where_they_are()
    {
        using var untouched = new Parameter(ones(2));
        using var adam = AdamOptimizer.WithL2([untouched], 0.1);
        adam.ZeroGrad();
        adam.Step();
        Assert.Equal(new float[] { 1, 1 }, untouched.data<float>().ToArray());
    }

    [Fact]
    public void Refuses_negative_rates()
    {
        var error = Assert.Throws<ArgumentException>(() => AdamOptimizer.WithL2([new Parameter(ones(1))], -1));
        Assert.Contains("learning rate", error.Message);
    }
}
