using System.Text.Json;
using System.Text.Json.Nodes;

namespace DjangoSessions;

/// <summary>
/// An absolute session lifetime (OWASP ASVS 7.3.2, Session Management cheat sheet "absolute timeout"), which Django
/// does not have: with <see cref="DjangoSessionSettings.AbsoluteTimeout"/> set, a session ends that many seconds after
/// it began however active it is. Django's own expiry stays the idle timeout (SESSION_COOKIE_AGE counted from the last
/// save). The start is kept server-side in the data as <c>_session_created</c> (Unix seconds; a Django peer ignores
/// unknown keys), so a client can't extend it. It is written when a session is created, carried across cycle_key, and
/// restarted at login (<see cref="RestartAbsoluteTimeout"/>): OWASP counts the absolute timeout from authentication.
/// Off (null or 0, the default) nothing is written or checked, and sessions are exactly Django's.
/// </summary>
public sealed partial class DjangoSession
{
    internal const string CreatedKey = "_session_created";

    private TimeSpan? AbsoluteTimeout =>
        _settings.AbsoluteTimeout is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>When this session ends whatever its activity; null when the absolute timeout is off.</summary>
    public DateTimeOffset? GetAbsoluteDeadline() =>
        AbsoluteTimeout is { } timeout && _cache is not null && ReadCreated(_cache) is { } created ? created + timeout : null;

    /// <summary>Restarts the absolute clock now: called at login, so the lifetime counts from authentication.</summary>
    public void RestartAbsoluteTimeout()
    {
        if (AbsoluteTimeout is not null)
        {
            this[CreatedKey] = _time.GetUtcNow().ToUnixTimeSeconds();
        }
    }

    /// <summary>
    /// Hook in <c>CreateAsync</c>: a new session starts its clock; one that has a start already (cycle_key) keeps it.
    /// </summary>
    private void StampCreation()
    {
        if (AbsoluteTimeout is not null)
        {
            _cache ??= [];
            if (ReadCreated(_cache) is null)
            {
                _cache[CreatedKey] = _time.GetUtcNow().ToUnixTimeSeconds();
            }
        }
    }

    /// <summary>
    /// Hook in <c>LoadAsync</c>: data past its absolute deadline is deleted from the store and loads as nothing, as an
    /// expired session does. A session stored before the setting was switched on has no start yet: its clock starts now
    /// (and is saved with this request), so switching the setting on logs nobody out at once.
    /// </summary>
    private async Task<JsonObject?> EnforceAbsoluteTimeoutAsync(string sessionKey, JsonObject? data, CancellationToken cancellationToken)
    {
        if (AbsoluteTimeout is not { } timeout || data is null)
        {
            return data;
        }
        var now = _time.GetUtcNow();
        if (ReadCreated(data) is not { } created)
        {
            data[CreatedKey] = now.ToUnixTimeSeconds();
            Modified = true;
            return data;
        }
        if (now < created + timeout)
        {
            return data;
        }
        await EndAsync(sessionKey, Catalog.SessionEndReason.Expired, cancellationToken);
        return null;
    }

    /// <summary>
    /// get_expiry_age(): seconds from <paramref name="modification"/> (default now) until the session expires: Django's
    /// idle expiry, capped at the absolute deadline so the cookie's Max-Age never outlives it.
    /// </summary>
    public int GetExpiryAge(DateTimeOffset? modification = null)
    {
        var idle = IdleExpiryAge(modification);
        return GetAbsoluteDeadline() is { } deadline
            ? Math.Min(idle, (int)Math.Floor((deadline - (modification ?? _time.GetUtcNow())).TotalSeconds))
            : idle;
    }

    /// <summary>
    /// get_expiry_date(): when the session expires, counting from <paramref name="modification"/> (default now): Django's
    /// idle expiry, capped at the absolute deadline so the store drops the session then (and clearsessions removes it).
    /// </summary>
    public DateTimeOffset GetExpiryDate(DateTimeOffset? modification = null)
    {
        var idle = IdleExpiryDate(modification);
        return GetAbsoluteDeadline() is { } deadline && deadline < idle ? deadline : idle;
    }

    private static DateTimeOffset? ReadCreated(JsonObject data) =>
        data.TryGetPropertyValue(CreatedKey, out var node) && node is JsonValue value
            && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
