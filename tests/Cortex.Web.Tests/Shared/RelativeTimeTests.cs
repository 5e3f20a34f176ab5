namespace Cortex.Web.Tests.Shared;

/// <summary>"Last seen" as a glance reads it: seconds, minutes and hours ago, then the date; another machine's clock a little ahead is "just now".</summary>
public sealed class RelativeTimeTests
{
    static readonly DateTime Now = new(2025, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(-3, "just now")]
    [InlineData(1, "1 s ago")]
    [InlineData(59, "59 s ago")]
    [InlineData(60, "1 min ago")]
    [InlineData(3_599, "59 min ago")]
    [InlineData(3_600, "1 h ago")]
    [InlineData(86_399, "23 h ago")]
    [InlineData(86_400, "2025-03-01 12:00 UTC")]
    public void Reads_the_elapsed_time_in_the_largest_whole_unit_under_a_day(int secondsAgo, string expected) =>
        Assert.Equal(expected, RelativeTime.Ago(Now.AddSeconds(-secondsAgo), Now));
}
