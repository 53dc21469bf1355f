using System.Text.Json;
using System.Text.Json.Nodes;
using DjangoSessions.Lifecycle;

namespace DjangoSessions;

/// <summary>
/// <c>request.session</c>: Django's <c>SessionBase</c> over one request. The dict API is synchronous and works on the
/// loaded data; every store round trip (load, save, flush, cycle_key) is async. Values are JSON: what can't be
/// serialized fails when it is assigned, not at save time.
/// </summary>
public sealed partial class DjangoSession
{
    private static readonly JsonSerializerOptions ValueJson = JsonSerializerOptions.Web;

    private readonly SessionLifecycle _lifecycle;
    private readonly DjangoSessionSettings _settings;
    private readonly TimeProvider _time;
    private string? _sessionKey;
    private JsonObject? _cache;

    /// <summary>A session over the container's lifecycle (catalog, metrics and events included) for one request or circuit.</summary>
    public DjangoSession(SessionLifecycle lifecycle, DjangoSessionSettings settings, TimeProvider time, string? sessionKey)
    {
        _lifecycle = lifecycle;
        _settings = settings;
        _time = time;
        SessionKey = sessionKey;
    }

    /// <summary>A session straight on <paramref name="engine"/> (no catalog or metrics): tools and tests.</summary>
#pragma warning disable RS0027 // Same arity as the lifecycle overload, told apart by the first parameter's type: no ambiguity.
    public DjangoSession(ISessionEngine engine, DjangoSessionSettings settings, TimeProvider time, string? sessionKey = null)
#pragma warning restore RS0027
        : this(new SessionLifecycle(engine), settings, time, sessionKey)
    {
    }

    /// <summary>The key (the cookie value); null until the session is saved, and after a flush or an unknown key.</summary>
    public string? SessionKey
    {
        get => _sessionKey;
        private set => _sessionKey = _lifecycle.Engine.IsWellFormedKey(value) ? value : null;
    }

    /// <summary>
    /// The settings this session runs under (Django's <c>django.conf.settings</c>): values bound to SECRET_KEY outside the
    /// framework, such as the auth hash, read the same key the session is signed with here.
    /// </summary>
    public DjangoSessionSettings Settings => _settings;

    /// <summary>The session's data was read or written during this request (Django's <c>accessed</c>).</summary>
    public bool Accessed { get; private set; }

    /// <summary>
    /// The data changed and must be saved (Django's <c>modified</c>). Setting it by hand (after mutating a stored value
    /// in place) makes the save write the whole dict as it is, without merging concurrent changes.
    /// </summary>
    public bool Modified
    {
        get => _modified;
        set
        {
            _modified = value;
            _replacedWholesale |= value;
        }
    }

    private bool _modified;

    /// <summary>Data has been loaded (or started empty) and the dict API can be used.</summary>
    public bool IsLoaded => _cache is not null;

    /// <summary>No key and no data: nothing to store and no cookie to keep (Django's <c>is_empty</c>).</summary>
    public bool IsEmpty => _sessionKey is null && (_cache is null || _cache.Count == 0);

    private JsonObject Data
    {
        get
        {
            Accessed = true;
            return _cache ?? throw new InvalidOperationException(
                "The session is not loaded yet: await session.LoadAsync() or HttpContext.GetDjangoSessionAsync() first.");
        }
    }

    /// <summary><c>request.session[key]</c>; a missing key throws <see cref="KeyNotFoundException"/> as Django raises KeyError.</summary>
    public JsonNode? this[string key]
    {
        get => Data.TryGetPropertyValue(key, out var value) ? value : throw new KeyNotFoundException($"Session has no key '{key}'.");
        set
        {
            var data = Data;
            RecordChange(key);
            data[key] = Detached(value);
            _modified = true;
        }
    }

    /// <summary><c>request.session.get(key, default)</c>.</summary>
    public JsonNode? Get(string key, JsonNode? defaultValue = null) =>
        Data.TryGetPropertyValue(key, out var value) ? value : defaultValue;

    /// <summary>Typed <c>get</c>: the stored JSON read back as <typeparamref name="T"/>.</summary>
    public T? Get<T>(string key, T? defaultValue = default) =>
        Data.TryGetPropertyValue(key, out var value) ? value.Deserialize<T>(ValueJson) : defaultValue;

    /// <summary>Stores any JSON-serializable value; anything else throws <see cref="SessionValueNotSerializableException"/> now.</summary>
    public void Set<T>(string key, T value) => this[key] = ToNode(key, value);

    /// <summary><c>del request.session[key]</c>; returns false (and changes nothing) when the key is absent.</summary>
    public bool Remove(string key)
    {
        var data = Data;
        if (!data.ContainsKey(key))
        {
            return false;
        }
        RecordChange(key);
        data.Remove(key);
        _modified = true;
        return true;
    }

    /// <summary><c>pop(key)</c>: the value, removed; a missing key throws as Django's KeyError.</summary>
    public JsonNode? Pop(string key) =>
        Data.ContainsKey(key) ? Pop(key, null) : throw new KeyNotFoundException($"Session has no key '{key}'.");

    /// <summary><c>pop(key, default)</c>.</summary>
    public JsonNode? Pop(string key, JsonNode? defaultValue)
    {
        var data = Data;
        if (!data.ContainsKey(key))
        {
            return defaultValue;
        }
        RecordChange(key);
        data.Remove(key, out var value);
        _modified = true;
        return value;
    }

    /// <summary><c>setdefault(key, value)</c>: the stored value, or <paramref name="value"/> after storing it.</summary>
    public JsonNode? SetDefault(string key, JsonNode? value)
    {
        if (Data.TryGetPropertyValue(key, out var existing))
        {
            return existing;
        }
        this[key] = value;
        return Data[key];
    }

    /// <summary><c>update(dict)</c>.</summary>
    public void Update(IEnumerable<KeyValuePair<string, JsonNode?>> items)
    {
        var data = Data;
        foreach (var (key, value) in items)
        {
            RecordChange(key);
            data[key] = Detached(value);
        }
        _modified = true;
    }

    /// <summary><c>key in request.session</c>.</summary>
    public bool ContainsKey(string key) => Data.ContainsKey(key);

    /// <summary><c>keys()</c>: a snapshot of the keys.</summary>
    public IReadOnlyList<string> Keys => [.. Data.Select(p => p.Key)];

    /// <summary><c>values()</c>: a snapshot of the values.</summary>
    public IReadOnlyList<JsonNode?> Values => [.. Data.Select(p => p.Value)];

    /// <summary><c>items()</c>: a snapshot of the pairs.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Items => [.. Data];

    /// <summary><c>len(request.session)</c>.</summary>
    public int Count => Data.Count;

    /// <summary><c>clear()</c>: empties the data; the key and the stored record stay until saved or flushed.</summary>
    public void Clear()
    {
        _cache = [];
        Accessed = true;
        Modified = true;
    }

    /// <summary>The data as JSON text, e.g. to show the decoded session.</summary>
    public string ToJsonString() => Data.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonNode? Detached(JsonNode? value) => value?.Parent is null ? value : value.DeepClone();

    private static JsonNode? ToNode<T>(string key, T value)
    {
        if (value is JsonNode node)
        {
            return node;
        }
        try
        {
            return JsonSerializer.SerializeToNode(value, ValueJson);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new SessionValueNotSerializableException(key, value?.GetType() ?? typeof(T), ex);
        }
    }
}
