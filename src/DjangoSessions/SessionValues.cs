using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using DjangoSessions.Concurrency;

namespace DjangoSessions;

/// <summary>
/// The session's dict (Django's <c>_session_cache</c>) with its <c>accessed</c> and <c>modified</c> flags; every change
/// is recorded in <see cref="Changes"/> so a racing save can merge. Values are JSON: what can't be serialized fails
/// when it is assigned, not at save time.
/// </summary>
internal sealed class SessionValues
{
    private static readonly JsonSerializerOptions ValueJson = JsonSerializerOptions.Web;

    private JsonObject? _data;
    // _data is the engine's memo's dict (ISessionSharedLoad): read in place, copied before the first change or the
    // first node handed out (a node reaches the whole dict through Parent). Most requests only read: they copy nothing.
    private bool _shared;
    private bool _modified;

    public SessionChanges Changes { get; } = new();

    public bool Accessed { get; set; }

    /// <summary>Set by hand (a value mutated in place), the whole dict is written as it is, never merged.</summary>
    public bool Modified
    {
        get => _modified;
        set
        {
            _modified = value;
            if (value)
            {
                Changes.ReplaceWholesale();
            }
        }
    }

    public bool IsLoaded => _data is not null;

    public bool IsEmpty => _data is null || _data.Count == 0;

    /// <summary>The dict without marking it accessed (null before it is loaded): for the session's own bookkeeping.</summary>
    public JsonObject? Loaded
    {
        get => Owned();
        set
        {
            _data = value;
            _shared = false;
        }
    }

    /// <summary>The dict as it is, to read only (no copy, not marked accessed); null before it is loaded.</summary>
    public JsonObject? Peek => _data;

    /// <summary>The loaded dict; <paramref name="shared"/>: the engine's own, to be copied before it changes.</summary>
    public void SetLoaded(JsonObject data, bool shared)
    {
        _data = data;
        _shared = shared;
    }

    /// <summary>The dict for the API: marks it accessed, and refuses use before the load.</summary>
    public JsonObject Data
    {
        get
        {
            View();
            return Owned()!;
        }
    }

    /// <summary>
    /// The value under <paramref name="key"/> when it is a JSON scalar readable as <typeparamref name="T"/>; reads the
    /// dict in place (no copy, no node handed out).
    /// </summary>
    public bool TryGetValue<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (View().TryGetPropertyValue(key, out var node) && node is JsonValue scalar && scalar.TryGetValue(out value))
        {
            return true;
        }
        value = default;
        return false;
    }

    public bool ContainsKey(string key) => View().ContainsKey(key);

    public int Count => View().Count;

    /// <summary>The dict to read (marks it accessed, refuses use before the load): never changed, never handed out.</summary>
    private JsonObject View()
    {
        Accessed = true;
        return _data ?? throw new InvalidOperationException(
            "The session is not loaded yet: await session.LoadAsync() or HttpContext.GetDjangoSessionAsync() first.");
    }

    private JsonObject? Owned()
    {
        if (_shared)
        {
            _data = _data!.DeepClone().AsObject();
            _shared = false;
        }
        return _data;
    }

    public JsonNode? this[string key]
    {
        get => Data.TryGetPropertyValue(key, out var value) ? value : throw new KeyNotFoundException($"Session has no key '{key}'.");
        set
        {
            var data = Data;
            Changes.Record(key, data);
            data[key] = Detached(value);
            _modified = true;
        }
    }

    public JsonNode? Get(string key, JsonNode? defaultValue) =>
        Data.TryGetPropertyValue(key, out var value) ? value : defaultValue;

    // Deserialize only reads the node (and it is not handed out): no copy needed.
    public T? Get<T>(string key, T? defaultValue) =>
        View().TryGetPropertyValue(key, out var value) ? value.Deserialize<T>(ValueJson) : defaultValue;

    public void Set<T>(string key, T value) => this[key] = ToNode(key, value);

    public bool Remove(string key)
    {
        var data = Data;
        if (!data.ContainsKey(key))
        {
            return false;
        }
        Changes.Record(key, data);
        data.Remove(key);
        _modified = true;
        return true;
    }

    public JsonNode? Pop(string key, JsonNode? defaultValue)
    {
        var data = Data;
        if (!data.ContainsKey(key))
        {
            return defaultValue;
        }
        Changes.Record(key, data);
        data.Remove(key, out var value);
        _modified = true;
        return value;
    }

    public JsonNode? SetDefault(string key, JsonNode? value)
    {
        if (Data.TryGetPropertyValue(key, out var existing))
        {
            return existing;
        }
        this[key] = value;
        return Data[key];
    }

    public void Update(IEnumerable<KeyValuePair<string, JsonNode?>> items)
    {
        var data = Data;
        foreach (var (key, value) in items)
        {
            Changes.Record(key, data);
            data[key] = Detached(value);
        }
        _modified = true;
    }

    /// <summary>clear(): the whole dict is replaced, so the save writes it as is.</summary>
    public void Clear()
    {
        Loaded = [];
        Accessed = true;
        Modified = true;
    }

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
