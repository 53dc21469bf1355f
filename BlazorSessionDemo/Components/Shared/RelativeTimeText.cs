using System.Globalization;

namespace BlazorSessionDemo.Components.Shared;

/// <summary>
/// A moment as an account page says it ("3 minutes ago", "in 14 days"), as GitHub's sessions page and
/// django-user-sessions' <c>naturaltime</c> do; the exact UTC time goes beside it (a tooltip) for anyone who needs it.
/// The largest unit that fits whole, counted to the nearest: a 14-day session saved a moment ago expires "in 14 days",
/// not "in 13 days", and "59 seconds ago" never reads as a minute.
/// </summary>
public static class RelativeTimeText
{
    public const string ExactFormat = "yyyy-MM-dd HH:mm:ss 'UTC'";

    private static readonly (long Seconds, string Unit)[] Units =
        [(365 * 86_400L, "year"), (30 * 86_400L, "month"), (86_400, "day"), (3_600, "hour"), (60, "minute")];

    public static string Of(DateTimeOffset moment, DateTimeOffset now)
    {
        var seconds = (long)Math.Round((moment - now).TotalSeconds);
        if (Math.Abs(seconds) < 10)
        {
            return "just now";
        }
        var phrase = Phrase(Math.Abs(seconds));
        return seconds < 0 ? $"{phrase} ago" : $"in {phrase}";
    }

    public static string Exact(DateTimeOffset moment) =>
        moment.ToUniversalTime().ToString(ExactFormat, CultureInfo.InvariantCulture);

    private static string Phrase(long seconds)
    {
        foreach (var (size, unit) in Units)
        {
            if (seconds >= size)
            {
                return Count((long)Math.Round((double)seconds / size, MidpointRounding.AwayFromZero), unit);
            }
        }
        return Count(seconds, "second");
    }

    /// <summary>"1 session", "3 sessions": counts said the way people say them, never "session(s)".</summary>
    public static string Count(long count, string noun) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(Math.Abs(count) == 1 ? "" : "s")}";
}
