using Cortex.Compute.Extractors;

namespace Cortex.Compute.Tests.Extractors;

[Collection(TorchCollection.Name)]
public sealed class ExtractorLayersTests
{
    const int Dim = 8, Grid = 8, Concepts = 3, Width = 8;

    public static TheoryData<ExtractorArchitecture, string[]> Layers => new()
    {
        { ExtractorArchitecture.Cnn, ["head", "features.6", "features.3", "features.0"] },
        { ExtractorArchitecture.ResNetSe, ["head", "blocks.2", "blocks.1", "blocks.0", "stem.0"] },
        { ExtractorArchitecture.Transformer, ["head", "blocks.1", "blocks.0", "embed", "positions"] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Layers_run_from_the_output_down_and_own_every_parameter_and_buffer_once(ExtractorArchitecture architecture, string[] expected)
    {
        using var module = ExtractorFactory.CreateSeeded(1, architecture, Dim, Grid, Concepts, Width);
        var layers = ExtractorLayers.FromTop(module);
        Assert.Equal(expected, layers.Select(l => l.Name));
        var keys = layers.SelectMany(l => l.Keys).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(module.state_dict().Keys.Order(), keys.Order());
    }

    [Fact]
    public void A_normalization_layer_goes_with_the_layer_it_normalizes()
    {
        using var module = ExtractorFactory.CreateSeeded(1, ExtractorArchitecture.Cnn, Dim, Grid, Concepts, Width);
        var top = ExtractorLayers.FromTop(module)[1];
        Assert.Equal(["features.6.weight", "features.6.bias", "features.7.weight", "features.7.bias", "features.7.running_mean", "features.7.running_var", "features.7.num_batches_tracked"],
            top.Keys);
    }

    [Theory]
    [InlineData(ExtractorArchitecture.Cnn)]
    [InlineData(ExtractorArchitecture.ResNetSe)]
    [InlineData(ExtractorArchitecture.Transformer)]
    public void Each_cascading_step_reinitializes_exactly_the_layers_so_far_and_the_last_is_the_fresh_network(ExtractorArchitecture architecture)
    {
        using var trained = ExtractorFactory.CreateSeeded(1, architecture, Dim, Grid, Concepts, Width);
        using var fresh = ExtractorFactory.CreateSeeded(2, architecture, Dim, Grid, Concepts, Width);
        using var cascade = ExtractorFactory.CreateSeeded(1, architecture, Dim, Grid, Concepts, Width);
        var (before, after) = (trained.state_dict(), fresh.state_dict());
        var layers = ExtractorLayers.FromTop(trained);
        for (var step = 0; step < layers.Count; step++)
        {
            ExtractorLayers.Reinitialize(cascade, fresh, layers[step]);
            var reinitialized = layers.Take(step + 1).SelectMany(l => l.Keys).ToHashSet();
            foreach (var (key, value) in cascade.state_dict())
            {
                var expected = reinitialized.Contains(key) ? after[key] : before[key];
                Assert.True(Same(value, expected), $"step {step} ({layers[step].Name}): {key} should equal the {(reinitialized.Contains(key) ? "fresh" : "trained")} value");
            }
        }
        // The seeds differ, so every weight layer really changed.
        Assert.All(layers, l => Assert.Contains(l.Keys, key => !Same(before[key], after[key])));
    }

    static bool Same(Tensor a, Tensor b)
    {
        using var equal = a.eq(b);
        using var all = equal.all();
        return all.item<bool>();
    }
}
