namespace Cortex.Compute.Tests.Native;

[Collection(TorchCollection.Name)]
public sealed class SafeBatchNorm2dTests
{
    [Fact]
    public void Normalizes_and_tracks_statistics_exactly_as_torchsharps_module()
    {
#pragma warning disable RS0030 // the module being replaced is the reference
        using var reference = nn.BatchNorm2d(3);
#pragma warning restore RS0030
        using var safe = new SafeBatchNorm2d(3);
        Assert.Equal(reference.state_dict().Keys.Order(), safe.state_dict().Keys.Order());
        manual_seed(4);
        using (no_grad())
        {
            reference.weight!.copy_(rand(3));
            reference.bias!.copy_(randn(3));
        }
        safe.load_state_dict(reference.state_dict());

        for (var step = 0; step < 3; step++)
        {
            using var batch = randn(5, 3, 4, 4).Times(step + 1).Plus(step);
            using var expected = reference.call(batch);
            using var actual = safe.call(batch);
            Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6), $"training output differs at step {step}");
        }
        foreach (var (name, value) in reference.state_dict())
            Assert.True(safe.state_dict()[name].allclose(value, rtol: 1e-5, atol: 1e-6), $"{name} differs after training steps");

        reference.eval();
        safe.eval();
        using var probe = randn(2, 3, 4, 4);
        using var expectedEval = reference.call(probe);
        using var actualEval = safe.call(probe);
        Assert.True(actualEval.allclose(expectedEval, rtol: 1e-5, atol: 1e-6), "evaluation output differs");
        Assert.Equal(3, safe.state_dict()["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Refuses_input_that_is_not_a_batch_of_images()
    {
        using var norm = new SafeBatchNorm2d(3);
        var error = Assert.Throws<ArgumentException>(() => norm.call(zeros(3, 4, 4)));
        Assert.Contains("[B, C, H, W]", error.Message);
    }
}
