using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;

namespace Cortex.Compute.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class TokenPriorTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void Cached_sampling_matches_greedy_decoding_by_full_recomputation(double guidance)
    {
        manual_seed(11);
        using var prior = new TokenPrior(new PriorConfig { CodebookSize = 40, Classes = 3, GridSize = 4, Dim = 32, Layers = 2, Heads = 2 });
        prior.eval();
        using var classes = tensor(new long[] { 0, 2 });
        using var nulls = TensorMath.Repeated(2, prior.Config.NullClass, CPU);
        using var generator = new Generator().manual_seed(1);
        using var sampled = prior.Sample(classes, new PriorSampling(TopK: 1, Guidance: guidance), generator).flatten(1);

        using var _ = no_grad();
        var tokens = zeros(2, 16, dtype: ScalarType.Int64);
        for (var t = 0; t < 16; t++)
        {
            // forward() predicts position t from the class and tokens before t; later positions are masked.
            var conditional = prior.call(classes, tokens)[.., t];
            var unconditional = prior.call(nulls, tokens)[.., t];
            tokens[.., t] = unconditional.Plus(conditional - unconditional, guidance).argmax(1);
        }
        Assert.Equal(tokens.data<long>().ToArray(), sampled.data<long>().ToArray());
    }

    [Fact]
    public void Sampling_is_deterministic_for_a_seed_and_respects_top_k()
    {
        manual_seed(12);
        using var prior = new TokenPrior(new PriorConfig { CodebookSize = 40, Classes = 3, GridSize = 4, Dim = 32, Layers = 1, Heads = 2 });
        prior.eval();
        using var classes = tensor(new long[] { 1, 1, 1 });
        Tensor Draw(int seed)
        {
            using var generator = new Generator().manual_seed(seed);
            return prior.Sample(classes, new PriorSampling(0.8, 5, 1.5), generator);
        }
        Assert.Equal(Draw(3).data<long>().ToArray(), Draw(3).data<long>().ToArray());
        Assert.NotEqual(Draw(3).data<long>().ToArray(), Draw(4).data<long>().ToArray());
        Assert.Equal([3L, 4, 4], Draw(3).shape);
    }

    [Fact]
    public void Bad_sampling_settings_are_refused()
    {
        using var prior = new TokenPrior(new PriorConfig { CodebookSize = 40, Classes = 3, GridSize = 4, Dim = 32, Layers = 1, Heads = 2 });
        using var classes = tensor(new long[] { 1 });
        using var generator = new Generator().manual_seed(1);
        Assert.Contains("temperature", Assert.Throws<ArgumentException>(() => prior.Sample(classes, new PriorSampling(0, 5), generator)).Message);
        Assert.Contains("temperature", Assert.Throws<ArgumentException>(() => prior.Sample(classes, new PriorSampling(double.NaN, 5), generator)).Message);
        Assert.Contains("top-k", Assert.Throws<ArgumentException>(() => prior.Sample(classes, new PriorSampling(1, 41), generator)).Message);
        Assert.Contains("guidance", Assert.Throws<ArgumentException>(() => prior.Sample(classes, new PriorSampling(1, 0, 0.5), generator)).Message);
    }
}
