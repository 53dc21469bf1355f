using System.Text.Json.Nodes;

namespace DjangoSessions.Concurrency;

/// <summary>
/// What one request changed, key by key, so that a save racing another request's save merges instead of losing the
/// other request's keys. The guarantee (per process on every server-side engine; across processes on engines with
/// <see cref="ISessionCompareAndSwap"/>): keys changed by different concurrent
/// requests all survive; two concurrent requests changing the SAME key from the same starting value cannot both win
/// silently — the later save fails with <see cref="SessionConflictException"/> (409) and stores nothing. Django has no
/// such merge (last write wins); this is the app's own promise.
/// </summary>
internal sealed class SessionChanges
{
    // Each changed key's value as loaded (present or not), taken before this request's first change to it.
    private Dictionary<string, (bool Present, JsonNode? Value)>? _originals;
    private bool _replacedWholesale;

    /// <summary>The key's write version when the data was read: a save that finds another version merges.</summary>
    public long LoadedVersion { get; set; }

    /// <summary>
    /// The stored form the data was read at, on engines that compare and swap (<see cref="ISessionCompareAndSwap"/>):
    /// a save over any other stored form merges, whichever process wrote it. Null on other engines.
    /// </summary>
    public string? LoadedStoredVersion { get; set; }

    /// <summary>Remembers <paramref name="key"/>'s value in <paramref name="loaded"/> before its first change.</summary>
    public void Record(string key, JsonObject? loaded)
    {
        _originals ??= new Dictionary<string, (bool, JsonNode?)>(StringComparer.Ordinal);
        if (loaded is not null && !_originals.ContainsKey(key))
        {
            _originals[key] = loaded.TryGetPropertyValue(key, out var value) ? (true, value?.DeepClone()) : (false, null);
        }
    }

    /// <summary>
    /// After clear(), or when Modified was set by hand (a value mutated in place, as Django requires for nested changes),
    /// the whole dict is this request's: it is written as is, as Django does, never merged.
    /// </summary>
    public void ReplaceWholesale() => _replacedWholesale = true;

    /// <summary>One of the keys this request changed (to name in a conflict).</summary>
    public string FirstChangedKey => _originals?.Keys.FirstOrDefault() ?? "";

    /// <summary>Only key-by-key changes merge.</summary>
    public bool CanMerge => !_replacedWholesale && _originals is { Count: > 0 };

    /// <summary>After a save: nothing is pending, and <paramref name="version"/> is what this request has seen.</summary>
    public void Forget(long version, string? storedVersion)
    {
        _originals = null;
        _replacedWholesale = false;
        LoadedVersion = version;
        LoadedStoredVersion = storedVersion;
    }

    /// <summary>
    /// Applies this request's changes (<paramref name="mine"/>) onto <paramref name="current"/>, the data another request
    /// just stored; a key the other request changed too is a conflict.
    /// </summary>
    public JsonObject MergeInto(JsonObject current, JsonObject mine)
    {
        foreach (var (key, original) in _originals!)
        {
            var currentPresent = current.TryGetPropertyValue(key, out var currentValue);
            if (currentPresent != original.Present || !JsonNode.DeepEquals(currentValue, original.Value))
            {
                throw new SessionConflictException(key);
            }
            if (mine.TryGetPropertyValue(key, out var value))
            {
                current[key] = value?.DeepClone();
            }
            else
            {
                current.Remove(key);
            }
        }
        return current;
    }
}
