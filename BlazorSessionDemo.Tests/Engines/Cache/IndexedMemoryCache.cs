using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace BlazorSessionDemo.Tests.Engines.Cache;

/// <summary>
/// The real <see cref="MemoryDistributedCache"/> (on the test's clock, so entries expire as FakeTimeProvider moves)
/// plus an index of every key written through it. A cache can't be listed, so "how many sessions does the store hold"
/// is answered by reading each indexed key back from the real cache: what it dropped or expired is not counted.
/// Every call goes to the real cache; the index only remembers names. It is a <see cref="MemoryDistributedCache"/>, so
/// the engine treats it as the in-process cache it is (its traits, its decoded entries).
/// </summary>
public sealed class IndexedMemoryCache(TimeProvider time)
    : MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions { Clock = new Clock(time) })), IDistributedCache
{
    private readonly ConcurrentDictionary<string, bool> _keys = new(StringComparer.Ordinal);

    /// <summary>
    /// How many sessions stored under <paramref name="prefix"/> (the prefix plus a well-formed session key) the cache
    /// still returns. Empty prefix: every indexed entry, whatever its name.
    /// </summary>
    public async Task<int> CountAsync(string prefix)
    {
        var count = 0;
        foreach (var key in _keys.Keys.Where(k => prefix.Length == 0
                     || (k.StartsWith(prefix, StringComparison.Ordinal) && SessionKeys.IsWellFormed(k[prefix.Length..]))))
        {
            if (await base.GetAsync(key) is not null)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Changes one character of the signed <c>session_data</c> in the cached entry, keeping its expiry.</summary>
    public async Task TamperSessionDataAsync(string cacheKey)
    {
        var bytes = await base.GetAsync(cacheKey) ?? throw new InvalidOperationException($"{cacheKey} is not cached.");
        var entry = JsonNode.Parse(bytes)!.AsObject();
        var data = entry["session_data"]!.GetValue<string>().ToCharArray();
        // Index 1 is base64 whether or not the zlib '.' prefix is there.
        data[1] = data[1] == 'A' ? 'B' : 'A';
        entry["session_data"] = new string(data);
        var expires = entry["expire_date"]!.GetValue<DateTimeOffset>();
        await base.SetAsync(cacheKey, System.Text.Encoding.UTF8.GetBytes(entry.ToJsonString()),
            new DistributedCacheEntryOptions { AbsoluteExpiration = expires });
    }

    public new byte[]? Get(string key) => base.Get(key);

    public new Task<byte[]?> GetAsync(string key, CancellationToken token = default) => base.GetAsync(key, token);

    public new void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        _keys[key] = true;
        base.Set(key, value, options);
    }

    public new Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        _keys[key] = true;
        return base.SetAsync(key, value, options, token);
    }

    public new void Refresh(string key) => base.Refresh(key);

    public new Task RefreshAsync(string key, CancellationToken token = default) => base.RefreshAsync(key, token);

    public new void Remove(string key) => base.Remove(key);

    public new Task RemoveAsync(string key, CancellationToken token = default) => base.RemoveAsync(key, token);

    /// <summary>MemoryCache's clock, read from the test's TimeProvider.</summary>
    private sealed class Clock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
