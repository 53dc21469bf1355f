namespace BlazorSessionDemo.Components.Shared;

/// <summary>
/// A number of seconds as a person says it: SESSION_COOKIE_AGE's 1209600 is "14 days", set_expiry(300) "5 minutes".
/// The largest whole unit that divides it exactly, so nothing is rounded away; otherwise seconds.
/// </summary>
public static class DurationText
{
    private static readonly (int Seconds, string Unit)[] Units = [(86_400, "day"), (3_600, "hour"), (60, "minute")];

    public static string Of(long seconds)
    {
        foreach (var (size, unit) in Units)
        {
            if (seconds != 0 && seconds % size == 0)
            {
                return RelativeTimeText.Count(seconds / size, unit);
            }
        }
        return RelativeTimeText.Count(seconds, "second");
    }
}
