using Cortex.Web.Tests.Fakes;

namespace Cortex.Web.Tests.Findings;

public sealed class FindingQueueOrderTests
{
    static readonly DateTime Noon = new(2025, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    static FindingDocument Raised(string id, int minute, double? delta) =>
        FakeReviewService.Finding(id, "e1", "c1", id, 1) with
        {
            CreatedAt = Noon.AddMinutes(minute),
            Evidence = delta is { } d ? new() { [FindingEvidence.CliffsDeltaKey] = d } : [],
        };

    [Theory]
    [InlineData(null, FindingQueueSort.Age)]
    [InlineData("", FindingQueueSort.Age)]
    [InlineData("age", FindingQueueSort.Age)]
    [InlineData("Effect", FindingQueueSort.Effect)]
    [InlineData("1", null)]
    [InlineData("size", null)]
    public void The_address_names_a_sort_or_nothing_known(string? value, FindingQueueSort? expected) =>
        Assert.Equal(expected, FindingQueueOrder.Parse(value));

    [Fact]
    public void Equal_effects_and_findings_without_one_go_oldest_first()
    {
        var findings = new[] { Raised("late-none", 9, null), Raised("late-half", 5, -0.5), Raised("early-none", 1, null), Raised("early-half", 2, 0.5), Raised("top", 7, 0.8) };

        Assert.Equal(["top", "early-half", "late-half", "early-none", "late-none"], FindingQueueOrder.Order(findings, FindingQueueSort.Effect).Select(f => f.Id));
        Assert.Equal(["early-none", "early-half", "late-half", "top", "late-none"], FindingQueueOrder.Order(findings, FindingQueueSort.Age).Select(f => f.Id));
    }
}
