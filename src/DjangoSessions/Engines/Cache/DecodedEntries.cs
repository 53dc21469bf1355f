using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using DjangoSessions.Lifecycle;

namespace DjangoSessions.Engines;

/// <summary>
/// The decoded form of the entries this engine wrote to an in-process cache. <c>MemoryDistributedCache</c> hands back
/// the very array it was given, so an entry read back as that same array is known data: its session dict is a copy
/// of the one kept here, and the read skips the entry's JSON, the HMAC check and the payload's JSON. Any other array
/// (another writer, another process's entry in a shared cache) is not found and is decoded and verified as before.
/// Django's locmem cache backend keeps the pickled dict unsigned in memory for the same reason: nothing there has
/// left the process. Kept weakly, beside the array, so it goes when the cache drops the entry.
/// </summary>
internal sealed class DecodedEntries
{
    private readonly ConditionalWeakTable<byte[], Entry> _entries = [];

    /// <summary>
    /// Keeps the decoded form of <paramref name="stored"/>: the dict the codec parsed from the JSON it signed (not the
    /// caller's CLR values, so a number written as an int still reads as a long, as after decoding). Shared with the
    /// codec's own memo and never changed: every read is a copy.
    /// </summary>
    public void Remember(byte[] stored, JsonObject decoded, DateTimeOffset expireDate) =>
        _entries.AddOrUpdate(stored, new Entry(new LoadedSessionData(decoded, null, Shared: true), expireDate));

    /// <summary>
    /// The session's own load of <paramref name="stored"/>, made once when it was written: the dict it was written from
    /// (shared with the codec's memo: never to be changed; the engine's LoadAsync copies it), and its expire date;
    /// false for arrays not written here.
    /// </summary>
    public bool TryGetShared(byte[] stored, out LoadedSessionData loaded, out DateTimeOffset expireDate)
    {
        if (_entries.TryGetValue(stored, out var entry))
        {
            loaded = entry.Loaded;
            expireDate = entry.ExpireDate;
            return true;
        }
        loaded = null!;
        expireDate = default;
        return false;
    }

    private sealed record Entry(LoadedSessionData Loaded, DateTimeOffset ExpireDate);
}
