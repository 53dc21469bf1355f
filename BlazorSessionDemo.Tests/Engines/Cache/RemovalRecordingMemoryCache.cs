using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// The real <see cref="MemoryDistributedCache"/> that also counts the removals asked of it, per key. Every call goes to
/// the real cache. It is a <see cref="MemoryDistributedCache"/>, so the engine treats it as the in-process cache it is.
/// </summary>
public sealed class RemovalRecordingMemoryCache()
    : MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())), IDistributedCache
{
    private readonly ConcurrentDictionary<string, int> _removals = new(StringComparer.Ordinal);

    /// <summary>How many times <paramref name="key"/> was removed (whether or not the cache held it).</summary>
    public int RemovalsOf(string key) => _removals.GetValueOrDefault(key);

    public new void Remove(string key)
    {
        _removals.AddOrUpdate(key, 1, (_, n) => n + 1);
        base.Remove(key);
    }

    public new Task RemoveAsync(string key, CancellationToken token = default)
    {
        _removals.AddOrUpdate(key, 1, (_, n) => n + 1);
        return base.RemoveAsync(key, token);
    }
}
