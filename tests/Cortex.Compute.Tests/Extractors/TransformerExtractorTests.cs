using Cortex.Compute.Extractors;

namespace Cortex.Compute.Tests.Extractors;

[Collection(TorchCollection.Name)]
public sealed class TransformerExtractorTests
{
    const int Dim = 6, Grid = 8;

    [Theory]
    [InlineData(3, 5)]
    [InlineData(0, 0)]
    [InlineData(7, 2)]
    public void Each_token_is_embedded_from_its_cell_and_the_eight_around_it(int row, int column)
    {
        manual_seed(4);
        using var extractor = ExtractorFactory.Create(ExtractorArchitecture.Transformer, Dim, Grid, concepts: 3, width: 8);
        var embed = (nn.Module<Tensor, Tensor>)extractor.named_children().Single(c => c.name == "embed").module;
        using var _ = no_grad();
        using var grid = randn(1, Dim, Grid, Grid);
        using var changed = grid.clone();
        changed[0, .., row, column] = randn(Dim);

        using var difference = (embed.call(changed) - embed.call(grid)).abs().amax([0, 1]); // [H, W]
        var moved = difference.data<float>().ToArray();
        for (var r = 0; r < Grid; r++)
            for (var c = 0; c < Grid; c++)
            {
                var neighbour = Math.Abs(r - row) <= 1 && Math.Abs(c - column) <= 1;
                Assert.True(neighbour == moved[r * Grid + c] > 1e-6f,
                    $"cell ({r}, {c}) {(neighbour ? "should" : "should not")} change when cell ({row}, {column}) does; it moved by {moved[r * Grid + c]}");
            }
    }
}
