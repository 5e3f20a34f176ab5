using Cortex.Web.Tests.Fakes;

namespace Cortex.Web.Tests.Findings;

public sealed class FindingRulesTests
{
    [Fact]
    public void Highlights_are_the_row_major_positions_holding_any_finding_token()
    {
        long[] grid = [5, 3, 9, 3, 7, 1, 0, 7, 2];

        var positions = FindingHighlights.Positions(grid, [3, 7]);

        Assert.Equal([1, 3, 4, 7], positions);
        Assert.Equal("4 of 9 cells hold the finding's tokens and are outlined: row 1, column 2; row 2, column 1; row 2, column 2; row 3, column 2",
            FindingHighlights.Describe(positions, 3));
        Assert.Equal("no cell holds one of the finding's tokens", FindingHighlights.Describe(FindingHighlights.Positions(grid, [42]), 3));
    }

    [Fact]
    public void Confirming_and_dismissing_need_a_comment_but_reopening_does_not()
    {
        Assert.Contains("comment is required", FindingReview.CheckVerdict(FindingStatus.Confirmed, "  "));
        Assert.Contains("dismiss", FindingReview.CheckVerdict(FindingStatus.Dismissed, null));
        Assert.Null(FindingReview.CheckVerdict(FindingStatus.Confirmed, "tokens sit on the grass"));
        Assert.Null(FindingReview.CheckVerdict(FindingStatus.Open, null));
        Assert.Equal("Write a comment first.", FindingReview.CheckComment(""));
    }

    [Fact]
    public void A_finding_can_move_to_every_other_status_and_only_status_names_parse()
    {
        Assert.Equal([FindingStatus.Confirmed, FindingStatus.Dismissed], FindingReview.Transitions(FindingStatus.Open));
        Assert.Equal([FindingStatus.Dismissed, FindingStatus.Open], FindingReview.Transitions(FindingStatus.Confirmed));
        Assert.Equal(FindingStatus.Dismissed, FindingReview.ParseStatus("Dismissed"));
        Assert.Null(FindingReview.ParseStatus("1"));
        Assert.Null(FindingReview.ParseStatus("closed"));
        Assert.Equal("confirmed", FindingReview.ToQuery(FindingStatus.Confirmed));
    }

    [Fact]
    public void Cliffs_delta_reads_as_an_effect_size_and_missing_evidence_as_a_dash()
    {
        Assert.Equal("0.88 (large)", FindingEvidence.FormatDelta(0.88));
        Assert.Equal("-0.40 (medium)", FindingEvidence.FormatDelta(-0.4));
        Assert.Equal("0.20 (small)", FindingEvidence.FormatDelta(0.2));
        Assert.Equal("negligible", FindingEvidence.Magnitude(0.1));
        Assert.Equal("—", FindingEvidence.FormatDelta(null));
        Assert.Equal("60%", FindingEvidence.FormatFraction(0.6));
        var byHand = FakeReviewService.Finding("f", "e", "c", "t", 1) with { Evidence = [] };
        Assert.Null(FindingEvidence.CliffsDelta(byHand));
    }
}
