using Cortex.Compute.Evaluation;

namespace Cortex.Compute.Tests.Evaluation;

public sealed class SignificanceTests
{
    [Fact]
    public void Permutation_p_of_two_separated_groups_matches_the_hand_enumerated_distribution()
    {
        // Pooled {1..7}, 3 in the first group: of the C(7,3) = 35 splits only {1,2,3} and {5,6,7} reach |δ| = 1, so p = 2/35.
        var p = Significance.PermutationP([1, 2, 3], [4, 5, 6, 7], seed: 3, permutations: 20000);
        Assert.Equal(2.0 / 35, p, 0.01);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 2, 5 }, new double[] { 2, 3, 4 })]
    [InlineData(new double[] { 0, 0, 1, 3, 3 }, new double[] { 1, 1, 2, 4, 4, 5 })]
    [InlineData(new double[] { 7, 7, 7 }, new double[] { 7, 7, 8 })]
    public void Permutation_p_with_ties_matches_the_exact_enumeration(double[] xs, double[] ys)
    {
        var exact = ExactPermutationP(xs, ys);
        var p = Significance.PermutationP(xs, ys, seed: 11, permutations: 20000);
        // Monte Carlo error of 20,000 draws: at most 0.5/√20000 ≈ 0.0035; four of those.
        Assert.Equal(exact, p, 0.015);
    }

    [Fact]
    public void Permutation_p_is_reproducible_never_zero_and_counts_the_observed_split()
    {
        double[] xs = [10, 11, 12, 13, 14, 15, 16, 17], ys = [0, 1, 2, 3, 4, 5, 6, 7];
        var p = Significance.PermutationP(xs, ys, seed: 5, permutations: 99);
        Assert.Equal(p, Significance.PermutationP(xs, ys, seed: 5, permutations: 99));
        // C(16,8) = 12870 splits, 2 of them extreme: 99 draws almost surely miss both, leaving only the observed one.
        Assert.Equal(1.0 / 100, p, 12);
        Assert.Equal(1.0, Significance.PermutationP([1, 2], [1, 2], seed: 5, permutations: 50));
        Assert.Throws<ArgumentException>(() => Significance.PermutationP([], [1], seed: 1));
    }

    [Fact]
    public void Holm_adjusts_a_worked_example_and_stays_monotone()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 → 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, max(0.06, 1·0.04) = 0.06.
        var adjusted = Significance.Holm([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(a => Math.Round(a, 12)));
        // 2·0.6 clamps to 1, and the larger p cannot fall below it.
        Assert.Equal([1.0, 1.0], Significance.Holm([0.6, 0.7]));
        Assert.Equal([0.04], Significance.Holm([0.04]));
        Assert.Throws<ArgumentException>(() => Significance.Holm([0.2, 1.5]));
    }

    [Fact]
    public void Bootstrap_interval_of_separated_groups_is_the_point_one()
    {
        var interval = Significance.BootstrapInterval([5, 6, 7], [1, 2], seed: 1, resamples: 200);
        Assert.Equal((1.0, 1.0), (interval.Low, interval.High));
    }

    [Fact]
    public void Bootstrap_interval_holds_delta_shrinks_with_n_and_is_reproducible()
    {
        var (smallX, smallY) = (Normal(20, 0.5, seed: 1), Normal(20, 0, seed: 2));
        var (largeX, largeY) = (Normal(320, 0.5, seed: 3), Normal(320, 0, seed: 4));
        var small = Significance.BootstrapInterval(smallX, smallY, seed: 7);
        var large = Significance.BootstrapInterval(largeX, largeY, seed: 7);
        Assert.InRange(Statistics.CliffsDelta(smallX, smallY), small.Low, small.High);
        Assert.InRange(Statistics.CliffsDelta(largeX, largeY), large.Low, large.High);
        // The width falls roughly as 1/√n: 16 times the data, about a quarter of the width.
        Assert.True(large.High - large.Low < (small.High - small.Low) / 2, $"{large} is not narrower than half of {small}");
        Assert.Equal(small, Significance.BootstrapInterval(smallX, smallY, seed: 7));
        Assert.NotEqual(small, Significance.BootstrapInterval(smallX, smallY, seed: 8));
        Assert.Equal(0.95, small.Level);
    }

    /// <summary>p over every split of the pooled values, each split's δ computed pair by pair.</summary>
    static double ExactPermutationP(double[] xs, double[] ys)
    {
        double[] pooled = [.. xs, .. ys];
        var observed = Math.Abs(Statistics.CliffsDelta(xs, ys));
        int extreme = 0, splits = 0;
        for (var mask = 0; mask < 1 << pooled.Length; mask++)
        {
            if (int.PopCount(mask) != xs.Length) continue;
            var first = pooled.Where((_, i) => (mask >> i & 1) == 1).ToArray();
            var second = pooled.Where((_, i) => (mask >> i & 1) == 0).ToArray();
            splits++;
            if (Math.Abs(Statistics.CliffsDelta(first, second)) >= observed - 1e-12) extreme++;
        }
        return (double)extreme / splits;
    }

    static double[] Normal(int n, double mean, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => mean + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];
    }
}
