using System.Globalization;

namespace DjangoSessions;

/// <summary>
/// Python's <c>datetime.isoformat()</c> for an aware UTC datetime, as Django 4.1+'s <c>set_expiry</c> stores a date in
/// <c>_session_expiry</c>: <c>2026-03-04T07:26:53+00:00</c>, with <c>.ffffff</c> only when the microsecond is not 0.
/// Python keeps microseconds, so .NET's sub-microsecond ticks are dropped (truncated, as a Python datetime built from
/// the same instant would hold them).
/// </summary>
internal static class PythonIsoFormat
{
    public static string Format(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var microsecond = utc.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond;
        return utc.ToString(microsecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'+00:00'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'",
            CultureInfo.InvariantCulture);
    }
}
