using Cortex.Compute.Evaluation;

namespace Cortex.Compute.Tests.Evaluation;

[Collection(TorchCollection.Name)]
public sealed class EvaluationTests
{
    [Fact]
    public void Pixel_masking_blackens_exactly_the_chosen_patches()
    {
        using var images = rand(2, 3, 32, 32).Times(1.8).Minus(0.9);
        IReadOnlyList<long[]> positions = [[0, 9], [63]];
        using var masked = Masking.Pixels(images, positions, gridSize: 8);
        using var changed = masked.ne(images);
        Assert.Equal(3 * 16 * 3, changed.sum().item<long>());
        Assert.True(masked[0, .., 0..4, 0..4].Eq(-1).all().item<bool>());
        Assert.True(masked[0, .., 4..8, 4..8].Eq(-1).all().item<bool>());   // position 9 = row 1, column 1
        Assert.True(masked[1, .., 28..32, 28..32].Eq(-1).all().item<bool>());
    }

    [Fact]
    public void Token_masking_replaces_exactly_the_chosen_positions()
    {
        using var tokens = randint(1, 100, [2, 8, 8]);
        using var masked = Masking.Tokens(tokens, [[5, 6], []], maskToken: 0);
        Assert.Equal(2, masked.Eq(0).sum().item<long>());
        Assert.Equal(0L, masked[0, 0, 5].item<long>());
        Assert.Equal(0L, masked[0, 0, 6].item<long>());
        Assert.True(equal(masked[1], tokens[1]).all().item<bool>());
    }

    [Fact]
    public void Positions_of_a_token_set_and_random_positions()
    {
        using var tokens = tensor(new long[] { 1, 2, 2, 3 }, [1, 2, 2]);
        Assert.Equal([1L, 2], Masking.PositionsOf(tokens, new HashSet<long> { 2 })[0]);
        var random = Masking.RandomPositions(images: 3, cells: 16, n: 5, seed: 1);
        Assert.All(random, r => Assert.Equal(5, r.Distinct().Count()));
        Assert.Equal(random, Masking.RandomPositions(3, 16, 5, 1));
        Assert.Contains("n must lie", Assert.Throws<ArgumentException>(() => Masking.RandomPositions(1, 16, 17, 1)).Message);
    }

    [Fact]
    public void Cliffs_delta_matches_hand_computed_values()
    {
        // Pairs (x, y): greater: (3,2) (3,2) = 2; less: (1,2) (1,2) (1,4) (2,4) (3,4) = 5; of 9 → −3/9.
        Assert.Equal(-1.0 / 3, Statistics.CliffsDelta([1, 2, 3], [2, 2, 4]), 12);
        Assert.Equal(1.0, Statistics.CliffsDelta([5, 6], [1, 2, 3]));
        Assert.Equal(-1.0, Statistics.CliffsDelta([1], [2, 3]));
        Assert.Equal(0.0, Statistics.CliffsDelta([1, 2], [1, 2]));
        Assert.Throws<ArgumentException>(() => Statistics.CliffsDelta([], [1]));
    }

    [Fact]
    public void Spearman_ranks_with_shared_ties()
    {
        Assert.Equal(1.0, Statistics.Spearman([1, 2, 3, 4], [10, 20, 30, 400]), 12);
        Assert.Equal(-1.0, Statistics.Spearman([1, 2, 3, 4], [4, 3, 2, 1]), 12);
        Assert.Equal([1.0, 2.5, 2.5, 4.0], Statistics.Ranks([1, 5, 5, 9]));
        // Ranks [1, 2.5, 2.5, 4] vs [1, 2, 3, 4]: Pearson = 4.5 / sqrt(4.5 · 5).
        Assert.Equal(4.5 / Math.Sqrt(4.5 * 5), Statistics.Spearman([1, 5, 5, 9], [1, 2, 3, 4]), 12);
    }

    [Fact]
    public void Deletion_area_is_the_trapezoid_rule()
    {
        var curve = new DeletionCurve([0, 0.5, 1], [1, 0.5, 0]);
        Assert.Equal(0.5, curve.Area, 12);
        Assert.Equal(0.125, new DeletionCurve([0, 0.5, 1], [0.5, 0, 0]).Area, 12);
    }

    [Fact]
    public void Localization_counts_positions_whose_patch_touches_the_mask()
    {
        // 8×8 image, 2×2 grid of 4×4 patches; the mask holds one pixel in the bottom-right patch.
        var mask = new bool[64];
        mask[7 * 8 + 7] = true;
        var (precision, random) = Localization.Measure([[3, 0]], [mask], gridSize: 2, imageSize: 8);
        Assert.Equal(0.5, precision);
        Assert.Equal(0.25, random);
    }
}
