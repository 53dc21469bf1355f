using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DjangoSessions;

/// <summary>
/// Expiry as Django keeps it: a <c>_session_expiry</c> entry in the data holding seconds of inactivity (0 = until the
/// browser closes) or an absolute ISO 8601 date (Django 4.1+ stores dates as <c>isoformat()</c> text); no entry means
/// SESSION_COOKIE_AGE / SESSION_EXPIRE_AT_BROWSER_CLOSE.
/// </summary>
public sealed partial class DjangoSession
{
    internal const string ExpiryKey = "_session_expiry";

    /// <summary>set_expiry(int | 0 | None): seconds of inactivity, 0 = browser close, null = back to the settings.</summary>
    public void SetExpiry(int? seconds)
    {
        if (seconds is null)
        {
            Remove(ExpiryKey);
            return;
        }
        this[ExpiryKey] = seconds.Value;
    }

    /// <summary>set_expiry(timedelta): expires that long from now (an absolute date, as Django stores it).</summary>
    public void SetExpiry(TimeSpan fromNow) => SetExpiry(_time.GetUtcNow() + fromNow);

    /// <summary>
    /// set_expiry(datetime): expires at that moment, stored as Django 4.1+ does (<c>value.isoformat()</c>, in UTC).
    /// Dates written as <c>...:53.000000+00:00</c> by older builds are still read (<see cref="TryReadDate"/>).
    /// </summary>
    public void SetExpiry(DateTimeOffset at) => this[ExpiryKey] = PythonIsoFormat.Format(at);

    /// <summary>Django's get_expiry_age(): seconds from <paramref name="modification"/> (default now) until the idle expiry.</summary>
    private int IdleExpiryAge(DateTimeOffset? modification)
    {
        var expiry = Get(ExpiryKey);
        if (TryReadDate(expiry, out var date))
        {
            return (int)Math.Floor((date - (modification ?? _time.GetUtcNow())).TotalSeconds);
        }
        // "if not expiry: return self.get_session_cookie_age()" - both None and 0.
        var seconds = ReadSeconds(expiry);
        return seconds is null or 0 ? _settings.CookieAge : seconds.Value;
    }

    /// <summary>Django's get_expiry_date(): the idle expiry, counting from <paramref name="modification"/> (default now).</summary>
    private DateTimeOffset IdleExpiryDate(DateTimeOffset? modification)
    {
        var expiry = Get(ExpiryKey);
        if (TryReadDate(expiry, out var date))
        {
            return date;
        }
        // A browser-close (0) session is still stored with SESSION_COOKIE_AGE, so it is eventually cleared.
        var seconds = ReadSeconds(expiry);
        return (modification ?? _time.GetUtcNow()).AddSeconds(seconds is null or 0 ? _settings.CookieAge : seconds.Value);
    }

    /// <summary>get_expire_at_browser_close().</summary>
    public bool GetExpireAtBrowserClose()
    {
        var expiry = Get(ExpiryKey);
        return expiry is null ? _settings.ExpireAtBrowserClose : ReadSeconds(expiry) == 0;
    }

    private static int? ReadSeconds(JsonNode? expiry) =>
        expiry is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? (int)JsonSerializer.Deserialize<double>(value.ToJsonString())
            : null;

    private static bool TryReadDate(JsonNode? expiry, out DateTimeOffset date)
    {
        date = default;
        return expiry is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out date);
    }
}
