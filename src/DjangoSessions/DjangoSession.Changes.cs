using System.Text.Json.Nodes;
using DjangoSessions.Concurrency;

namespace DjangoSessions;

/// <summary>
/// What this request changed, key by key, so that a save racing another request's save merges instead of losing the
/// other request's keys. The guarantee (per process, every server-side engine): keys changed by different concurrent
/// requests all survive; two concurrent requests changing the SAME key from the same starting value cannot both win
/// silently — the later save fails with <see cref="SessionConflictException"/> (409) and stores nothing.
/// </summary>
public sealed partial class DjangoSession
{
    // Each changed key's value as loaded (present or not), taken before this request's first change to it.
    private Dictionary<string, (bool Present, JsonNode? Value)>? _originals;
    private bool _replacedWholesale;
    private long _loadedVersion;

    private void RecordChange(string key)
    {
        _originals ??= new Dictionary<string, (bool, JsonNode?)>(StringComparer.Ordinal);
        if (_cache is not null && !_originals.ContainsKey(key))
        {
            _originals[key] = _cache.TryGetPropertyValue(key, out var value) ? (true, value?.DeepClone()) : (false, null);
        }
    }

    /// <summary>
    /// Only key-by-key changes merge. After clear(), or when Modified was set by hand (a value mutated in place, as
    /// Django requires for nested changes), the whole dict is this request's: it is written as is, as Django does.
    /// </summary>
    private bool CanMerge => !_replacedWholesale && _originals is { Count: > 0 };

    private void ForgetChanges(string? sessionKey)
    {
        _originals = null;
        _replacedWholesale = false;
        _loadedVersion = sessionKey is null ? 0 : _lifecycle.Locks.VersionOf(sessionKey);
    }

    /// <summary>Applies this request's changes onto <paramref name="current"/>, the data another request just stored.</summary>
    private JsonObject MergeInto(JsonObject current)
    {
        foreach (var (key, original) in _originals!)
        {
            var currentPresent = current.TryGetPropertyValue(key, out var currentValue);
            if (currentPresent != original.Present || !JsonNode.DeepEquals(currentValue, original.Value))
            {
                throw new SessionConflictException(key);
            }
            if (_cache!.TryGetPropertyValue(key, out var mine))
            {
                current[key] = mine?.DeepClone();
            }
            else
            {
                current.Remove(key);
            }
        }
        return current;
    }
}
