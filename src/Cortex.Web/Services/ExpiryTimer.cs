namespace Cortex.Web.Services;

/// <summary>
/// Calls back once a moment has passed, however far off: a .NET timer takes at most about 49 days, and a
/// share link may last a year, so this one re-arms itself a day at a time until the moment is reached.
/// </summary>
public sealed class ExpiryTimer : IDisposable
{
    static readonly TimeSpan Step = TimeSpan.FromDays(1);

    readonly TimeProvider _clock;
    readonly DateTime _end;
    readonly Action _expired;
    readonly ITimer _timer;

    ExpiryTimer(TimeProvider clock, DateTime end, Action expired)
    {
        (_clock, _end, _expired) = (clock, end, expired);
        _timer = clock.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Check();
    }

    /// <summary>Calls <paramref name="expired"/> (on a timer thread, or at once if <paramref name="endUtc"/> has passed) when <paramref name="endUtc"/> comes.</summary>
    public static ExpiryTimer Start(TimeProvider clock, DateTime endUtc, Action expired) => new(clock, endUtc, expired);

    void Check()
    {
        var left = _end - _clock.GetUtcNow().UtcDateTime;
        if (left <= TimeSpan.Zero) _expired();
        else _timer.Change(left < Step ? left : Step, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();
}
