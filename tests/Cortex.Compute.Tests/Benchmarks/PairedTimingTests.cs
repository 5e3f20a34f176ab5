using Cortex.Compute.Benchmarks;

namespace Cortex.Compute.Tests.Benchmarks;

public sealed class PairedTimingTests
{
    [Fact]
    public void The_speedup_is_the_median_of_each_pairs_ratio_not_the_ratio_of_the_medians()
    {
        // Run seconds 1, 2, 4 (median 2); reference 1.5, 4, 2 (median 2); ratios 1.5, 2, 0.5 (median 1.5).
        var rates = PairedRates.Of(32, [(1, 1.5), (2, 4), (4, 2)]);

        Assert.Equal(16, rates.Rate, 12);
        Assert.Equal(16, rates.ReferenceRate, 12);
        Assert.Equal(1.5, rates.Speedup, 12);
    }

    [Fact]
    public void An_even_count_takes_the_mean_of_the_two_middle_values()
    {
        Assert.Equal(2.5, Cortex.Compute.Evaluation.Statistics.Median([4, 1, 3, 2]), 12);
        Assert.Equal(3, Cortex.Compute.Evaluation.Statistics.Median([5, 3, 1]), 12);
    }

    [Fact]
    public void Runs_alternate_which_of_the_two_goes_first()
    {
        var calls = new List<string>();
        var rates = PairedTiming.Measure(8, 4, () => calls.Add("run"), () => calls.Add("reference"));

        Assert.Equal(["run", "reference", "reference", "run", "run", "reference", "reference", "run"], calls);
        Assert.True(rates.Rate > 0 && rates.ReferenceRate > 0, $"rates {rates}");
    }

    [Fact]
    public void No_pairs_is_refused_in_words()
    {
        var error = Assert.Throws<ArgumentException>(() => PairedTiming.Measure(8, 0, () => { }, () => { }));
        Assert.Contains("At least one pair", error.Message);
    }
}
