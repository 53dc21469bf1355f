using System.Collections.Concurrent;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// Keys whose cache entry could not be deleted because the cache was down (cached_db). Until the delete goes through,
/// the cache is not trusted for them: otherwise a logout during a cache outage would be undone when the cache comes
/// back, still holding the entry (Django raises instead; here the logout succeeds and stays done in this process).
/// </summary>
internal sealed class PendingCacheDeletes
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);

    public void Add(string sessionKey) => _keys[sessionKey] = 0;

    public bool Contains(string sessionKey) => !_keys.IsEmpty && _keys.ContainsKey(sessionKey);

    public void Remove(string sessionKey) => _keys.TryRemove(sessionKey, out _);
}
