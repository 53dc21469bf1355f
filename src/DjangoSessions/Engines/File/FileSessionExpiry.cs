using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DjangoSessions.Engines;

/// <summary>
/// When a session file expires. A file has no expire_date column: Django's file backend derives it from the file's
/// modification time and the data (<c>_expiry_date</c> + <c>get_expiry_age(expiry=...)</c>), so a file written by
/// either app expires the same way for both.
/// </summary>
internal static class FileSessionExpiry
{
    /// <summary>
    /// <c>_session_expiry</c> as an ISO date is absolute; as seconds (not 0) it counts from the last write; absent or 0
    /// (browser close) means SESSION_COOKIE_AGE from the last write.
    /// </summary>
    /// <remarks>
    /// Django's own code returns integer seconds unchanged from <c>get_expiry_age</c>, so a file stored with
    /// <c>set_expiry(300)</c> never expires on Django's side (only the browser drops the cookie). This engine counts them
    /// from the modification time, as the other engines store <c>now + seconds</c>, so such a session ends on both sides
    /// of a shared folder once this app or clearsessions looks at it.
    /// </remarks>
    public static DateTimeOffset ExpiresAt(JsonObject data, DateTimeOffset modified, int cookieAge)
    {
        if (data.TryGetPropertyValue(DjangoSession.ExpiryKey, out var expiry) && expiry is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String when DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var date):
                    return date;
                case JsonValueKind.Number when (int)JsonSerializer.Deserialize<double>(value.ToJsonString()) is var seconds and not 0:
                    return modified.AddSeconds(seconds);
            }
        }
        return modified.AddSeconds(cookieAge);
    }

    /// <summary>
    /// <c>get_expiry_age(...) &lt;= 0</c>: Django's age is whole seconds (<c>delta.days * 86400 + delta.seconds</c>
    /// floors), so a session with less than a second left is already expired.
    /// </summary>
    public static bool IsExpired(DateTimeOffset expiresAt, DateTimeOffset now) =>
        Math.Floor((expiresAt - now).TotalSeconds) <= 0;
}
