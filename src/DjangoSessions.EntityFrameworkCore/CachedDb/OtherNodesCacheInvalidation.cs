using System.Collections.Concurrent;
using DjangoSessions.Catalog;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// cached_db on one node of several, with an in-process cache: each node caches the rows it read, and a save or logout
/// on another node would leave this node serving its stale copy until the entry expires (a logged-out cookie still
/// working for 14 days). So every save is announced to the other nodes (<see cref="SessionEventKind.Saved"/>), and an
/// entry is dropped here when another node saves or ends that session, or when messages may have been lost. Django's
/// cached_db has the same hole with locmem, and documents that the cache must be shared; a shared cache needs none of
/// this (each node reads the entry the last writer wrote).
/// </summary>
internal sealed class OtherNodesCacheInvalidation : IDisposable
{
    // Dropped fingerprints remembered for refills already under way; past this many the oldest knowledge is given up
    // by treating everything as dropped once (a refill then skips the cache: safe, a database read later).
    private const int MaxRememberedDrops = 10_000;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private readonly NodeSpanningSessionEventBus? _nodes;
    private readonly Action<string> _removeEntry;
    private readonly TimeProvider _time;
    private readonly IDisposable? _subscription;
    private readonly ConcurrentDictionary<string, CachedKey> _cached = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private long _clock;
    private long _everythingDroppedAt;
    private long _nextPruneTicks;

    /// <summary>Inactive (every call a no-op) unless <paramref name="bus"/> spans nodes and the cache is this process's.</summary>
    public OtherNodesCacheInvalidation(ISessionEventBus? bus, bool cacheIsPerProcess, Action<string> removeEntry, TimeProvider time)
    {
        _removeEntry = removeEntry;
        _time = time;
        if (bus is NodeSpanningSessionEventBus nodes && cacheIsPerProcess)
        {
            _nodes = nodes;
            _subscription = nodes.SubscribeToOtherNodes(OnOtherNode, DropEverything);
        }
    }

    /// <summary>Taken before a database read whose result may be cached: see <see cref="ChangedSince"/>.</summary>
    public long Stamp() => Volatile.Read(ref _clock);

    /// <summary>
    /// Whether another node saved or ended <paramref name="sessionKey"/> (or messages were lost) after
    /// <paramref name="stamp"/>: a copy read before then must not stay in the cache.
    /// </summary>
    public bool ChangedSince(string sessionKey, long stamp) =>
        _nodes is not null
        && (Volatile.Read(ref _everythingDroppedAt) > stamp
            || (_dropped.TryGetValue(SessionFingerprint.Of(sessionKey), out var at) && at > stamp));

    /// <summary>This node put <paramref name="sessionKey"/> in its cache until <paramref name="expires"/>.</summary>
    public void Cached(string sessionKey, DateTimeOffset expires)
    {
        if (_nodes is null)
        {
            return;
        }
        _cached[SessionFingerprint.Of(sessionKey)] = new CachedKey(sessionKey, expires);
        PruneExpired();
    }

    /// <summary>This node deleted <paramref name="sessionKey"/>'s entry itself.</summary>
    public void Forgot(string sessionKey)
    {
        if (_nodes is not null)
        {
            _cached.TryRemove(SessionFingerprint.Of(sessionKey), out _);
        }
    }

    /// <summary>Tells the other nodes that <paramref name="sessionKey"/> was saved here (a fingerprint, never the key).</summary>
    public void AnnounceSaved(string sessionKey) =>
        _nodes?.SendToOtherNodes(new SessionEvent(SessionEventKind.Saved, SessionFingerprint.Of(sessionKey), null));

    private void OnOtherNode(SessionEvent sessionEvent)
    {
        if (sessionEvent.Kind is not (SessionEventKind.Saved or SessionEventKind.Ended or SessionEventKind.Expired))
        {
            return;
        }
        if (_dropped.Count >= MaxRememberedDrops)
        {
            DropEverything();
        }
        _dropped[sessionEvent.Fingerprint] = Interlocked.Increment(ref _clock);
        if (_cached.TryRemove(sessionEvent.Fingerprint, out var entry))
        {
            _removeEntry(entry.SessionKey);
        }
    }

    /// <summary>Messages may have been lost: every entry this node cached starts over from the database.</summary>
    private void DropEverything()
    {
        Volatile.Write(ref _everythingDroppedAt, Interlocked.Increment(ref _clock));
        _dropped.Clear();
        foreach (var fingerprint in _cached.Keys)
        {
            if (_cached.TryRemove(fingerprint, out var entry))
            {
                _removeEntry(entry.SessionKey);
            }
        }
    }

    /// <summary>Entries the cache dropped at their expire date leave this index too, at most once a minute.</summary>
    private void PruneExpired()
    {
        var now = _time.GetUtcNow();
        var due = Volatile.Read(ref _nextPruneTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPruneTicks, (now + PruneEvery).UtcTicks, due) != due)
        {
            return;
        }
        foreach (var (fingerprint, entry) in _cached)
        {
            if (entry.Expires <= now)
            {
                _cached.TryRemove(fingerprint, out _);
            }
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private sealed record CachedKey(string SessionKey, DateTimeOffset Expires);
}
