using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DjangoSessions;

/// <summary>
/// How long one session lives, read from its data: Django's idle expiry and this app's absolute lifetime, and from
/// them the cookie's Max-Age and the store's expire date.
/// <para>
/// Idle expiry as Django keeps it: a <c>_session_expiry</c> entry holding seconds of inactivity (0 = until the browser
/// closes) or an absolute ISO 8601 date (Django 4.1+ stores dates as <c>isoformat()</c> text); no entry means
/// SESSION_COOKIE_AGE / SESSION_EXPIRE_AT_BROWSER_CLOSE.
/// </para>
/// <para>
/// The absolute lifetime (OWASP ASVS 7.3.2, the Session Management cheat sheet's "absolute timeout"), which Django does
/// not have: with <see cref="DjangoSessionSettings.AbsoluteTimeout"/> set, a session ends that many seconds after it
/// began however active it is. The start is kept server-side in the data as <c>_session_created</c> (Unix seconds; a
/// Django peer ignores unknown keys), so a client can't extend it. Off (null or 0, the default) nothing is written or
/// checked, and sessions are exactly Django's.
/// </para>
/// </summary>
internal sealed class SessionLifetime(DjangoSessionSettings settings, TimeProvider time)
{
    /// <summary>The settings the lifetimes are read with: one lifetime serves every session under them (it keeps no state).</summary>
    public DjangoSessionSettings Settings => settings;

    public const string ExpiryKey = "_session_expiry";
    public const string CreatedKey = "_session_created";

    /// <summary>What <see cref="CheckAbsolute"/> found.</summary>
    public enum AbsoluteState
    {
        /// <summary>Within its lifetime, or the absolute timeout is off.</summary>
        Live,

        /// <summary>Stored before the setting was switched on: its clock starts now (the data changed).</summary>
        Started,

        /// <summary>Past its deadline: to be ended and loaded as nothing.</summary>
        Expired,
    }

    public DateTimeOffset Now => time.GetUtcNow();

    private TimeSpan? AbsoluteTimeout =>
        settings.AbsoluteTimeout is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>set_expiry(datetime)'s stored form, as Django 4.1+ writes it: <c>value.isoformat()</c> in UTC.</summary>
    public static JsonNode StoredDate(DateTimeOffset at) => PythonIsoFormat.Format(at);

    /// <summary>get_expire_at_browser_close().</summary>
    public bool ExpiresAtBrowserClose(JsonNode? expiry) =>
        expiry is null ? settings.Cookie.ExpireAtBrowserClose : ReadSeconds(expiry) == 0;

    /// <summary>get_expiry_age(): Django's idle expiry, capped at the absolute deadline so Max-Age never outlives it.</summary>
    public int ExpiryAge(JsonObject data, DateTimeOffset? modification)
    {
        var from = modification ?? Now;
        var idle = IdleExpiryAge(data, from);
        return AbsoluteDeadline(data) is { } deadline ? Math.Min(idle, (int)Math.Floor((deadline - from).TotalSeconds)) : idle;
    }

    /// <summary>get_expiry_date(): Django's idle expiry, capped at the absolute deadline so the store drops it then.</summary>
    public DateTimeOffset ExpiryDate(JsonObject data, DateTimeOffset? modification)
    {
        var idle = IdleExpiryDate(data, modification ?? Now);
        return AbsoluteDeadline(data) is { } deadline && deadline < idle ? deadline : idle;
    }

    /// <summary>When the session ends whatever its activity; null when the absolute timeout is off.</summary>
    public DateTimeOffset? AbsoluteDeadline(JsonObject? data) =>
        AbsoluteTimeout is { } timeout && data is not null && ReadCreated(data) is { } created ? created + timeout : null;

    /// <summary>The stamp that restarts the absolute clock now (at login: OWASP counts from authentication); null when off.</summary>
    public long? RestartStamp() => AbsoluteTimeout is null ? null : Now.ToUnixTimeSeconds();

    /// <summary>A new session starts its clock; one that has a start already (cycle_key carries it) keeps it.</summary>
    public void StampCreation(JsonObject data)
    {
        if (AbsoluteTimeout is not null && ReadCreated(data) is null)
        {
            data[CreatedKey] = Now.ToUnixTimeSeconds();
        }
    }

    /// <summary>Whether <see cref="CheckAbsolute"/> will write into <paramref name="data"/> (the clock starts now).</summary>
    public bool StampsOnLoad(JsonObject data) => AbsoluteTimeout is not null && ReadCreated(data) is null;

    /// <summary>
    /// On load: data past its absolute deadline is <see cref="AbsoluteState.Expired"/>. A session stored before the
    /// setting was switched on has no start yet: its clock starts now, so switching the setting on logs nobody out.
    /// </summary>
    public AbsoluteState CheckAbsolute(JsonObject data)
    {
        if (AbsoluteTimeout is not { } timeout)
        {
            return AbsoluteState.Live;
        }
        var now = Now;
        if (ReadCreated(data) is not { } created)
        {
            data[CreatedKey] = now.ToUnixTimeSeconds();
            return AbsoluteState.Started;
        }
        return now < created + timeout ? AbsoluteState.Live : AbsoluteState.Expired;
    }

    private int IdleExpiryAge(JsonObject data, DateTimeOffset from)
    {
        var expiry = data[ExpiryKey];
        if (TryReadDate(expiry, out var date))
        {
            return (int)Math.Floor((date - from).TotalSeconds);
        }
        // "if not expiry: return self.get_session_cookie_age()" - both None and 0.
        var seconds = ReadSeconds(expiry);
        return seconds is null or 0 ? settings.Cookie.CookieAge : seconds.Value;
    }

    private DateTimeOffset IdleExpiryDate(JsonObject data, DateTimeOffset from)
    {
        var expiry = data[ExpiryKey];
        if (TryReadDate(expiry, out var date))
        {
            return date;
        }
        // A browser-close (0) session is still stored with SESSION_COOKIE_AGE, so it is eventually cleared.
        var seconds = ReadSeconds(expiry);
        return from.AddSeconds(seconds is null or 0 ? settings.Cookie.CookieAge : seconds.Value);
    }

    private static int? ReadSeconds(JsonNode? expiry) =>
        expiry is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? (int)JsonSerializer.Deserialize<double>(value.ToJsonString())
            : null;

    // Dates written as "...:53.000000+00:00" by older builds are still read.
    private static bool TryReadDate(JsonNode? expiry, out DateTimeOffset date)
    {
        date = default;
        return expiry is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out date);
    }

    private static DateTimeOffset? ReadCreated(JsonObject data) =>
        data.TryGetPropertyValue(CreatedKey, out var node) && node is JsonValue value
            && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
