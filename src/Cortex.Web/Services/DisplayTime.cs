using System.Globalization;

namespace Cortex.Web.Services;

/// <summary>Timestamps as the dashboard prints them: UTC, to the minute, so reviewers in different places read the same time.</summary>
public static class DisplayTime
{
    public static string Format(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
