using System.Globalization;

namespace Cortex.Web.Services;

/// <summary>How long ago something happened, as a person glancing at a live table reads it: seconds, minutes, hours, then the date.</summary>
public static class RelativeTime
{
    public static string Ago(DateTime at, DateTime now)
    {
        var elapsed = now.ToUniversalTime() - at.ToUniversalTime();
        // Clocks of two machines differ a little; a moment "in the future" is just now.
        if (elapsed < TimeSpan.FromSeconds(1)) return "just now";
        if (elapsed < TimeSpan.FromMinutes(1)) return Format($"{(int)elapsed.TotalSeconds} s ago");
        if (elapsed < TimeSpan.FromHours(1)) return Format($"{(int)elapsed.TotalMinutes} min ago");
        if (elapsed < TimeSpan.FromDays(1)) return Format($"{(int)elapsed.TotalHours} h ago");
        return DisplayTime.Format(at);
    }

    static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
