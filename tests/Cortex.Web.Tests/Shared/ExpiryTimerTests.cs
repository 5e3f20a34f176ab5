using Microsoft.Extensions.Time.Testing;

namespace Cortex.Web.Tests.Shared;

public sealed class ExpiryTimerTests
{
    static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Fires_once_when_a_far_moment_comes_and_not_before()
    {
        var clock = new FakeTimeProvider(Start);
        var fired = 0;
        // A year out: beyond what one .NET timer can wait.
        using var timer = ExpiryTimer.Start(clock, Start.AddDays(365).UtcDateTime, () => fired++);
        clock.Advance(TimeSpan.FromDays(364) + TimeSpan.FromHours(23));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, fired);
        clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void A_moment_already_past_fires_at_once_and_a_disposed_timer_never()
    {
        var clock = new FakeTimeProvider(Start);
        var fired = 0;
        using (ExpiryTimer.Start(clock, Start.AddMinutes(-1).UtcDateTime, () => fired++)) Assert.Equal(1, fired);
        var later = ExpiryTimer.Start(clock, Start.AddMinutes(5).UtcDateTime, () => fired++);
        later.Dispose();
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, fired);
    }
}
