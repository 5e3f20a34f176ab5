using Cortex.Compute.Evaluation;

namespace Cortex.Compute.Tests.Evaluation;

public sealed class LocalizationTests
{
    /// <summary>An 8×8 image on a 2×2 grid of 4×4 patches, with <paramref name="pixels"/> (row, column) inside the mask.</summary>
    static bool[] Mask(params (int Row, int Column)[] pixels)
    {
        var mask = new bool[64];
        foreach (var (row, column) in pixels) mask[row * 8 + column] = true;
        return mask;
    }

    /// <summary>The top-left patch holds 9 of its 16 pixels (a 3×3 block), the bottom-right patch 1, the other two none.</summary>
    static readonly bool[] NineAndOne = Mask([.. from r in Enumerable.Range(0, 3) from c in Enumerable.Range(0, 3) select (r, c), (7, 7)]);

    [Fact]
    public void A_patch_with_most_of_its_pixels_inside_passes_the_strict_criterion_and_one_pixel_does_not()
    {
        Assert.Equal([true, false, false, true], Localization.OnTarget(NineAndOne, gridSize: 2, imageSize: 8, LocalizationCriterion.Touches));
        Assert.Equal([true, false, false, false], Localization.OnTarget(NineAndOne, gridSize: 2, imageSize: 8, LocalizationCriterion.MostlyInside));
    }

    [Fact]
    public void Half_a_patch_is_not_a_majority()
    {
        var half = Mask([.. from r in Enumerable.Range(0, 2) from c in Enumerable.Range(0, 4) select (r, c)]);
        Assert.Equal(8, GridPatches.PixelsInside(half, 0, gridSize: 2, imageSize: 8));
        Assert.False(GridPatches.MostlyInside(half, 0, gridSize: 2, imageSize: 8));
        Assert.True(GridPatches.Touches(half, 0, gridSize: 2, imageSize: 8));
    }

    [Fact]
    public void Each_criterion_scores_the_same_positions_against_its_own_random_baseline()
    {
        // The one-pixel patch (3) counts only for the lenient criterion; patch 1 never counts.
        var top = new long[][] { [3, 1], [0, 3] };
        var masks = new[] { NineAndOne, NineAndOne };
        var (lenient, lenientRandom) = Localization.Measure(top, masks, gridSize: 2, imageSize: 8);
        var (strict, strictRandom) = Localization.Measure(top, masks, gridSize: 2, imageSize: 8, LocalizationCriterion.MostlyInside);
        Assert.Equal((0.5 + 1.0) / 2, lenient);
        Assert.Equal((0.0 + 0.5) / 2, strict);
        // Random baselines: the mask's share of touched patches (2 of 4) and of mostly covered patches (1 of 4).
        Assert.Equal(2 / 4.0, lenientRandom);
        Assert.Equal(1 / 4.0, strictRandom);
    }

    [Fact]
    public void The_strict_random_baseline_is_the_share_of_mostly_covered_patches_averaged_over_images()
    {
        var full = Mask([.. from r in Enumerable.Range(0, 8) from c in Enumerable.Range(0, 8) select (r, c)]);
        var onTarget = new[] { NineAndOne, full, Mask() }.Select(m => Localization.OnTarget(m, 2, 8, LocalizationCriterion.MostlyInside)).ToList();
        Assert.Equal((1 / 4.0 + 4 / 4.0 + 0) / 3, Localization.RandomPrecision(onTarget), 12);
    }

    [Fact]
    public void The_ceiling_is_capped_by_how_many_positions_are_on_target()
    {
        var onTarget = new[] { NineAndOne, Mask() }.Select(m => Localization.OnTarget(m, 2, 8, LocalizationCriterion.Touches)).ToList();
        // k = 1: the first image can be perfect, the second cannot; k = 4: at most 2 of 4 on the first.
        Assert.Equal((1.0 + 0) / 2, Localization.Ceiling(onTarget, 1));
        Assert.Equal((2 / 4.0 + 0) / 2, Localization.Ceiling(onTarget, 4));
    }

    [Fact]
    public void A_mask_of_the_wrong_size_is_refused()
    {
        Assert.Contains("64 pixels", Assert.Throws<ArgumentException>(() => Localization.OnTarget(new bool[10], 2, 8, LocalizationCriterion.Touches)).Message);
    }
}
