using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using DjangoSessions.Lifecycle;

namespace DjangoSessions;

/// <summary>
/// <c>request.session</c>: Django's <c>SessionBase</c> over one request. The dict API is synchronous and works on the
/// loaded data; every store round trip (load, save, flush, cycle_key) is async. Values are JSON: what can't be
/// serialized fails when it is assigned, not at save time. A façade over collaborators that own their state: the dict
/// and what changed in it (<c>SessionValues</c>, <c>SessionChanges</c>: merge and conflicts), how long the session
/// lives (<c>SessionLifetime</c>: idle, absolute, cookie Max-Age), and the store (<see cref="SessionLifecycle"/>).
/// </summary>
public sealed class DjangoSession
{
    internal const string ExpiryKey = SessionLifetime.ExpiryKey;
    internal const string CreatedKey = SessionLifetime.CreatedKey;

    private readonly DjangoSessionSettings _settings;
    private readonly SessionLifetime _lifetime;
    private readonly SessionValues _values = new();
    private readonly SessionRecord _record;

    /// <summary>A session over the container's lifecycle (catalog, metrics and events included) for one request or circuit.</summary>
    public DjangoSession(SessionLifecycle lifecycle, DjangoSessionSettings settings, TimeProvider time, string? sessionKey)
        : this(lifecycle, new SessionLifetime(settings, time), sessionKey)
    {
    }

    /// <summary>A session under a lifetime shared with other sessions of the same settings (the middleware's, made once).</summary>
    internal DjangoSession(SessionLifecycle lifecycle, SessionLifetime lifetime, string? sessionKey)
    {
        _settings = lifetime.Settings;
        _lifetime = lifetime;
        _record = new SessionRecord(lifecycle, _values, _lifetime, sessionKey);
    }

    /// <summary>A session straight on <paramref name="engine"/> (no catalog or metrics): tools and tests.</summary>
#pragma warning disable RS0027 // Same arity as the lifecycle overload, told apart by the first parameter's type: no ambiguity.
    public DjangoSession(ISessionEngine engine, DjangoSessionSettings settings, TimeProvider time, string? sessionKey = null)
#pragma warning restore RS0027
        : this(new SessionLifecycle(engine), settings, time, sessionKey)
    {
    }

    /// <summary>The key (the cookie value); null until the session is saved, and after a flush or an unknown key.</summary>
    public string? SessionKey => _record.Key;

    /// <summary>
    /// The settings this session runs under (Django's <c>django.conf.settings</c>): values bound to SECRET_KEY outside the
    /// framework, such as the auth hash, read the same key the session is signed with here.
    /// </summary>
    public DjangoSessionSettings Settings => _settings;

    /// <summary>The session's data was read or written during this request (Django's <c>accessed</c>).</summary>
    public bool Accessed => _values.Accessed;

    /// <summary>
    /// The data changed and must be saved (Django's <c>modified</c>). Setting it by hand (after mutating a stored value
    /// in place) makes the save write the whole dict as it is, without merging concurrent changes.
    /// </summary>
    public bool Modified
    {
        get => _values.Modified;
        set => _values.Modified = value;
    }

    /// <summary>Data has been loaded (or started empty) and the dict API can be used.</summary>
    public bool IsLoaded => _values.IsLoaded;

    /// <summary>No key and no data: nothing to store and no cookie to keep (Django's <c>is_empty</c>).</summary>
    public bool IsEmpty => _record.Key is null && _values.IsEmpty;

    /// <summary><c>request.session[key]</c>; a missing key throws <see cref="KeyNotFoundException"/> as Django raises KeyError.</summary>
    public JsonNode? this[string key]
    {
        get => _values[key];
        set => _values[key] = value;
    }

    /// <summary><c>request.session.get(key, default)</c>.</summary>
    public JsonNode? Get(string key, JsonNode? defaultValue = null) => _values.Get(key, defaultValue);

    /// <summary>
    /// The value under <paramref name="key"/> when it is a JSON string, number or boolean readable as
    /// <typeparamref name="T"/> (<c>string</c>, <c>long</c>, <c>double</c>, <c>bool</c>...); false when the key is absent or
    /// holds anything else. Unlike <see cref="Get(string, JsonNode?)"/> it hands out no node, so a request that only reads
    /// this way never copies the data it loaded.
    /// </summary>
    public bool TryGetValue<T>(string key, [MaybeNullWhen(false)] out T value) => _values.TryGetValue(key, out value);

    /// <summary>Typed <c>get</c>: the stored JSON read back as <typeparamref name="T"/>.</summary>
    public T? Get<T>(string key, T? defaultValue = default) => _values.Get(key, defaultValue);

    /// <summary>Stores any JSON-serializable value; anything else throws <see cref="SessionValueNotSerializableException"/> now.</summary>
    public void Set<T>(string key, T value) => _values.Set(key, value);

    /// <summary><c>del request.session[key]</c>; returns false (and changes nothing) when the key is absent.</summary>
    public bool Remove(string key) => _values.Remove(key);

    /// <summary><c>pop(key)</c>: the value, removed; a missing key throws as Django's KeyError.</summary>
    public JsonNode? Pop(string key) =>
        _values.Data.ContainsKey(key) ? _values.Pop(key, null) : throw new KeyNotFoundException($"Session has no key '{key}'.");

    /// <summary><c>pop(key, default)</c>.</summary>
    public JsonNode? Pop(string key, JsonNode? defaultValue) => _values.Pop(key, defaultValue);

    /// <summary><c>setdefault(key, value)</c>: the stored value, or <paramref name="value"/> after storing it.</summary>
    public JsonNode? SetDefault(string key, JsonNode? value) => _values.SetDefault(key, value);

    /// <summary><c>update(dict)</c>.</summary>
    public void Update(IEnumerable<KeyValuePair<string, JsonNode?>> items) => _values.Update(items);

    /// <summary><c>key in request.session</c>.</summary>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary><c>keys()</c>: a snapshot of the keys.</summary>
    public IReadOnlyList<string> Keys => [.. _values.Data.Select(p => p.Key)];

    /// <summary><c>values()</c>: a snapshot of the values.</summary>
    public IReadOnlyList<JsonNode?> Values => [.. _values.Data.Select(p => p.Value)];

    /// <summary><c>items()</c>: a snapshot of the pairs.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Items => [.. _values.Data];

    /// <summary><c>len(request.session)</c>.</summary>
    public int Count => _values.Count;

    /// <summary><c>clear()</c>: empties the data; the key and the stored record stay until saved or flushed.</summary>
    public void Clear() => _values.Clear();

    /// <summary>The data as JSON text, e.g. to show the decoded session.</summary>
    public string ToJsonString() => _values.Data.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

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
    public void SetExpiry(TimeSpan fromNow) => SetExpiry(_lifetime.Now + fromNow);

    /// <summary>set_expiry(datetime): expires at that moment, stored as Django 4.1+ does (<c>isoformat()</c>, in UTC).</summary>
    public void SetExpiry(DateTimeOffset at) => this[ExpiryKey] = SessionLifetime.StoredDate(at);

    /// <summary>get_expire_at_browser_close().</summary>
    public bool GetExpireAtBrowserClose() => _lifetime.ExpiresAtBrowserClose(Get(ExpiryKey));

    /// <summary>
    /// get_expiry_age(): seconds from <paramref name="modification"/> (default now) until the session expires: Django's
    /// idle expiry, capped at the absolute deadline so the cookie's Max-Age never outlives it.
    /// </summary>
    public int GetExpiryAge(DateTimeOffset? modification = null) => _lifetime.ExpiryAge(_values.Data, modification);

    /// <summary>
    /// get_expiry_date(): when the session expires, counting from <paramref name="modification"/> (default now): Django's
    /// idle expiry, capped at the absolute deadline so the store drops the session then (and clearsessions removes it).
    /// </summary>
    public DateTimeOffset GetExpiryDate(DateTimeOffset? modification = null) => _lifetime.ExpiryDate(_values.Data, modification);

    /// <summary>When this session ends whatever its activity; null when the absolute timeout is off.</summary>
    public DateTimeOffset? GetAbsoluteDeadline() => _lifetime.AbsoluteDeadline(_values.Peek);

    /// <summary>Restarts the absolute clock now: called at login, so the lifetime counts from authentication.</summary>
    public void RestartAbsoluteTimeout()
    {
        if (_lifetime.RestartStamp() is { } stamp)
        {
            this[CreatedKey] = stamp;
        }
    }

    /// <summary>Loads the data once (Django's lazy <c>_get_session</c>). An unknown or expired key is dropped, never adopted.</summary>
    public Task LoadAsync(CancellationToken cancellationToken = default) => _record.LoadAsync(cancellationToken);

    /// <summary><c>save(must_create)</c>: writes the data under the current key, creating a key when there is none.</summary>
    public Task SaveAsync(bool mustCreate = false, CancellationToken cancellationToken = default) =>
        _record.SaveAsync(mustCreate, cancellationToken);

    /// <summary><c>create()</c>: a fresh key, retried until the store accepts it as new.</summary>
    public Task CreateAsync(CancellationToken cancellationToken = default) => _record.CreateAsync(cancellationToken);

    /// <summary><c>exists(key)</c>.</summary>
    public Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        _record.ExistsAsync(sessionKey, cancellationToken);

    /// <summary><c>delete(key=None)</c>: removes the given session, or this one.</summary>
    public Task DeleteAsync(string? sessionKey = null, CancellationToken cancellationToken = default) =>
        _record.DeleteAsync(sessionKey, cancellationToken);

    /// <summary><c>flush()</c>: empties the data, deletes the stored session and drops the key (logout).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _record.FlushAsync(cancellationToken);

    /// <summary><c>cycle_key()</c>: the same data under a new key; the old key loads nothing afterwards (fixation defence).</summary>
    public Task CycleKeyAsync(CancellationToken cancellationToken = default) => _record.CycleKeyAsync(cancellationToken);

    /// <summary><c>clear_expired()</c> on this session's engine (and the catalog); engines that can't list throw <see cref="NotSupportedException"/>.</summary>
    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default) => _record.ClearExpiredAsync(cancellationToken);
}
