using Cortex.Compute.Models.BuiltIn;

namespace Cortex.Compute.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class VectorQuantizerTests
{
    [Fact]
    public void Each_latent_is_assigned_its_nearest_codebook_entry()
    {
        manual_seed(3);
        using var quantizer = new VectorQuantizer(codebookSize: 37, dim: 5, decay: 0.99);
        using var latents = randn(4, 5, 3, 3);
        using var tokens = quantizer.call(latents);
        var codebook = quantizer.Codebook.data<float>().ToArray();
        var values = latents.permute(0, 2, 3, 1).contiguous().data<float>().ToArray();
        var assigned = tokens.flatten().data<long>().ToArray();
        for (var n = 0; n < assigned.Length; n++)
        {
            var bruteForce = Enumerable.Range(0, 37).MinBy(k => Enumerable.Range(0, 5).Sum(d => Math.Pow(values[n * 5 + d] - codebook[k * 5 + d], 2)));
            Assert.Equal(bruteForce, assigned[n]);
        }
    }

    [Fact]
    public void Straight_through_passes_the_codebook_value_forward_and_the_gradient_back_unchanged()
    {
        manual_seed(4);
        using var quantizer = new VectorQuantizer(16, 4, 0.99);
        var latents = randn(2, 4, 3, 3).requires_grad_();
        var (straightThrough, quantized, indices) = quantizer.Quantize(latents);
        Assert.True(allclose(straightThrough, quantized, rtol: 0, atol: 1e-6));
        Assert.True(equal(quantizer.Embed(indices), quantized).all().item<bool>());

        var weights = randn(2, 4, 3, 3);
        (straightThrough * weights).sum().backward();
        Assert.True(allclose(latents.grad!, weights));
    }

    [Fact]
    public void Ema_update_moves_entries_to_the_mean_of_their_assignments_and_restarts_dead_ones()
    {
        manual_seed(5);
        using var quantizer = new VectorQuantizer(codebookSize: 4, dim: 2, decay: 0.0);
        using var generator = new Generator().manual_seed(1);
        using var flat = tensor(new float[] { 1, 1, 3, 3, 10, 10 }, [3, 2]);
        using var assignments = tensor(new long[] { 0, 0, 1 });
        var restarted = quantizer.UpdateEma(flat, assignments, deadThreshold: 0.5, generator);

        var codebook = quantizer.Codebook.data<float>().ToArray();
        Assert.Equal(2f, codebook[0], 4);
        Assert.Equal(2f, codebook[1], 4);
        Assert.Equal(10f, codebook[2], 4);
        Assert.Equal(2, restarted);
        var rows = new[] { (codebook[4], codebook[5]), (codebook[6], codebook[7]) };
        Assert.All(rows, row => Assert.Contains(row, new[] { (1f, 1f), (3f, 3f), (10f, 10f) }));
    }
}
