using Cortex.Server.Experiments;

namespace Cortex.Server.Tests.Experiments;

/// <summary>Each of a run's checks at its threshold, against hand-computed binomial tails, and which figures bring which checks.</summary>
public sealed class RunChecksTests
{
    [Theory]
    [InlineData(5, 5, 0.5, 1.0 / 32)]
    [InlineData(9, 10, 0.5, 11.0 / 1024)]
    [InlineData(8, 10, 0.5, 56.0 / 1024)]
    [InlineData(2, 5, 0.5, 26.0 / 32)]
    [InlineData(0, 7, 0.25, 1.0)]
    // Σ_{k=6..10} C(10,k) 3^(10−k) / 4^10 = (210·81 + 120·27 + 45·9 + 10·3 + 1) / 4^10 = 20686 / 1048576.
    [InlineData(6, 10, 0.25, 20686.0 / 1048576)]
    public void The_binomial_upper_tail_matches_hand_computed_fractions(int k, int n, double p, double expected) =>
        Assert.Equal(expected, Binomial.UpperTail(k, n, p), 12);

    [Fact]
    public void The_binomial_upper_tail_matches_a_direct_float64_sum()
    {
        const int n = 60;
        const double p = 1.0 / 3;
        for (var k = 0; k <= n; k += 7)
        {
            var direct = 0.0;
            for (var i = k; i <= n; i++) direct += Choose(n, i) * Math.Pow(p, i) * Math.Pow(1 - p, n - i);
            Assert.Equal(direct, Binomial.UpperTail(k, n, p), 10);
        }
    }

    [Fact]
    public void The_fewest_successes_beyond_chance_is_the_first_count_whose_tail_lies_below_alpha()
    {
        Assert.Equal(9, Binomial.FewestBeyondChance(10, 0.5, 0.05));
        Assert.Equal(5, Binomial.FewestBeyondChance(5, 0.5, 0.05));
        Assert.Null(Binomial.FewestBeyondChance(4, 0.5, 0.05));
    }

    [Theory]
    [InlineData(57, 1.0 / 3)]
    [InlineData(5_000, 0.5)]
    [InlineData(4_800, 1.0 / 32)]
    public void The_fewest_successes_beyond_chance_lie_exactly_where_the_tail_crosses_alpha(int n, double p)
    {
        var k = Binomial.FewestBeyondChance(n, p, 0.05)!.Value;

        Assert.True(Binomial.UpperTail(k, n, p) < 0.05);
        Assert.True(Binomial.UpperTail(k - 1, n, p) >= 0.05);
        // Far from either end the normal approximation holds: k sits about 1.645 standard deviations above the mean.
        Assert.InRange(k, n * p + 1.5 * Math.Sqrt(n * p * (1 - p)), n * p + 1.8 * Math.Sqrt(n * p * (1 - p)) + 1);
    }

    [Fact]
    public void An_extractor_below_chance_fails_with_its_p_value()
    {
        var check = RunChecks.ExtractorAboveChance(0.4, 5, 2);

        Assert.False(check.Passed);
        Assert.Equal("extractor-above-chance", check.Name);
        Assert.Equal(26.0 / 32, check.Value!.Value, 12);
        Assert.Equal(RunChecks.Significance, check.Threshold);
        Assert.Contains("2 of 5 held-out images", check.Sentence);
        Assert.Contains("At least 5 of 5 would", check.Sentence);
    }

    [Theory]
    [InlineData(0.9, 10, 2, true)]   // p = 11/1024
    [InlineData(0.8, 10, 2, false)]  // p = 56/1024, just above 0.05
    [InlineData(1.0, 5, 2, true)]    // p = 1/32
    [InlineData(0.6, 10, 4, true)]   // p = 20686/1048576 at chance 0.25
    [InlineData(0.5, 10, 4, false)]
    public void An_extractor_passes_exactly_when_the_binomial_test_rejects_chance(double accuracy, int heldOut, int classes, bool passes) =>
        Assert.Equal(passes, RunChecks.ExtractorAboveChance(accuracy, heldOut, classes).Passed);

    [Fact]
    public void Too_few_held_out_images_fail_even_when_all_are_right_and_say_so()
    {
        var check = RunChecks.ExtractorAboveChance(1.0, 4, 2);

        Assert.False(check.Passed);
        Assert.Equal(1.0 / 16, check.Value!.Value, 12);
        Assert.Contains("too few", check.Sentence);
    }

    [Theory]
    [InlineData(0.05, true)]
    [InlineData(0.0501, false)]
    [InlineData(0.0, true)]
    public void Integrated_gradients_completeness_passes_up_to_five_percent(double error, bool passes)
    {
        var check = RunChecks.Completeness(error);
        Assert.Equal(passes, check.Passed);
        Assert.Equal(error, check.Value);
        Assert.Equal(0.05, check.Threshold);
    }

    [Fact]
    public void A_completeness_error_that_is_no_number_fails_without_a_value()
    {
        var check = RunChecks.Completeness(double.NaN);
        Assert.False(check.Passed);
        Assert.Null(check.Value);
        Assert.Contains("no number", check.Sentence);
    }

    [Fact]
    public void The_source_must_be_recognised_by_every_evaluator()
    {
        Assert.True(RunChecks.SourceRecognised(new Dictionary<string, double> { ["cnn"] = 0.5, ["mixer"] = 0.9 }).Passed);

        var check = RunChecks.SourceRecognised(new Dictionary<string, double> { ["cnn"] = 0.9, ["mixer"] = 0.48 });
        Assert.False(check.Passed);
        Assert.Equal(0.48, check.Value);
        Assert.Contains("mixer 0.48", check.Sentence);
        Assert.DoesNotContain("cnn", check.Sentence);
    }

    [Theory]
    [InlineData(0.86, 0.05, false)] // the edit: one evaluator convinced, the other not
    [InlineData(0.75, 0.25, true)]  // spread exactly 0.5
    [InlineData(0.76, 0.25, false)]
    [InlineData(0.45, 0.53, true)]
    public void Evaluators_disagree_on_an_edit_when_their_target_probabilities_lie_more_than_half_apart(double cnn, double mixer, bool passes)
    {
        var check = RunChecks.EditAgreement(new Dictionary<string, double> { ["cnn"] = cnn, ["mixer"] = mixer });
        Assert.Equal(passes, check.Passed);
        Assert.Equal(Math.Abs(cnn - mixer), check.Value!.Value, 12);
    }

    [Theory]
    [InlineData(0.2, -0.05, false, 0.05)]
    [InlineData(0.2, -0.01, true, 0.01)]  // a rise within the dead zone has no sign
    [InlineData(0.2, 0.1, true, 0.0)]
    [InlineData(-0.2, -0.1, true, 0.0)]
    public void Evaluators_disagree_on_masking_when_one_drops_and_another_rises_beyond_the_dead_zone(double cnn, double mixer, bool passes, double value)
    {
        var check = RunChecks.MaskingAgreement("pixel", new Dictionary<string, double> { ["cnn"] = cnn, ["mixer"] = mixer });
        Assert.Equal(passes, check.Passed);
        Assert.Equal(value, check.Value!.Value, 12);
        Assert.Equal("evaluators-agree-on-masking-pixel", check.Name);
    }

    [Fact]
    public void Each_check_applies_only_where_the_run_reported_its_figures()
    {
        var codebook = new Dictionary<string, double>
        {
            ["codebook.cnn.source_prob_before"] = 0.9, ["codebook.mixer.source_prob_before"] = 0.8,
            ["codebook.cnn.target_prob_after"] = 0.86, ["codebook.mixer.target_prob_after"] = 0.05,
            ["codebook.region_size"] = 4,
        };
        Assert.Equal(["extractor-above-chance", "source-recognised", "evaluators-agree-on-edit"], RunChecks.Of(2, 1.0, 10, codebook).Select(c => c.Name));

        var evaluation = new Dictionary<string, double>
        {
            ["tis.completeness_error"] = 0.02,
            ["masking.pixel.cnn.tis_drop"] = 0.3, ["masking.pixel.mixer.tis_drop"] = 0.2,
            ["masking.token.cnn.tis_drop"] = 0.3, ["masking.token.mixer.tis_drop"] = -0.2,
        };
        Assert.Equal([("extractor-above-chance", true), ("ig-completeness", true), ("evaluators-agree-on-masking-pixel", true), ("evaluators-agree-on-masking-token", false)],
            RunChecks.Of(2, 1.0, 10, evaluation).Select(c => (c.Name, c.Passed)));

        // One evaluator cannot disagree with itself; one concept has no chance to beat.
        Assert.Equal(["source-recognised"], RunChecks.Of(1, 1.0, 10, new Dictionary<string, double> { ["codebook.cnn.source_prob_before"] = 0.9, ["codebook.cnn.target_prob_after"] = 0.9 }).Select(c => c.Name));
    }

    static double Choose(int n, int k)
    {
        var value = 1.0;
        for (var i = 1; i <= k; i++) value = value * (n - k + i) / i;
        return value;
    }
}
