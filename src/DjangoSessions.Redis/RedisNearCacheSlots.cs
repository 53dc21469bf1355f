using System.Numerics;
using DjangoSessions.Catalog;
using DjangoSessions.Lifecycle;

namespace DjangoSessions.Redis;

/// <summary>
/// The near cache's table: a fixed number of slots, one session each, chosen by the session key's (randomised) string
/// hash, so memory is bounded without a count or an eviction pass; a busy slot is simply taken over. Entries are
/// immutable and swapped with compare-and-exchange, so no lock is taken on a request's read.
/// <para>
/// A read that misses first parks a <em>pending</em> entry in the slot, then asks Redis, and stores what it got only if
/// the pending entry is still there: an invalidation (or a write of this node) that lands while the read is in flight
/// removes it, and the possibly stale value is then not kept. That ordering is what makes it safe to cache a value
/// whose invalidation may arrive on another connection before or after the reply.
/// </para>
/// </summary>
internal sealed class RedisNearCacheSlots
{
    private readonly Entry?[] _entries;
    private readonly int _mask;

    public RedisNearCacheSlots(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _entries = new Entry?[(int)BitOperations.RoundUpToPowerOf2((uint)size)];
        _mask = _entries.Length - 1;
    }

    /// <summary>The slots available (the size asked for, rounded up to a power of two).</summary>
    public int Capacity => _entries.Length;

    /// <summary>The session's data kept here, or null when it isn't, is being read, or expired at <paramref name="nowTicks"/>.</summary>
    public LoadedSessionData? Get(string sessionKey, long nowTicks)
    {
        var entry = Volatile.Read(ref _entries[IndexOf(sessionKey)]);
        return entry is { Data: { } data } && nowTicks < entry.ExpiresAtTicks && SessionKeys.SameId(entry.SessionKey, sessionKey) ? data : null;
    }

    /// <summary>
    /// Parks a pending entry for a read about to ask Redis; null when another read of the same session already did
    /// (that one fills it; this read just asks Redis), or when this node wrote the session a moment ago.
    /// </summary>
    public FillTicket? BeginFill(string sessionKey, long nowTicks)
    {
        var index = IndexOf(sessionKey);
        var current = Volatile.Read(ref _entries[index]);
        if (current is { Data: null } && (!current.Written || nowTicks < current.ExpiresAtTicks) && SessionKeys.SameId(current.SessionKey, sessionKey))
        {
            return null;
        }
        var pending = new Entry(sessionKey, null, 0, Fingerprint: SessionFingerprint.Of(sessionKey));
        return ReferenceEquals(Interlocked.CompareExchange(ref _entries[index], pending, current), current) ? new FillTicket(index, pending) : null;
    }

    /// <summary>Keeps the data read if nothing invalidated the session since <see cref="BeginFill"/>.</summary>
    public bool CompleteFill(FillTicket ticket, LoadedSessionData data, long expiresAtTicks)
    {
        var filled = ticket.Pending with { Data = data, ExpiresAtTicks = expiresAtTicks };
        return ReferenceEquals(Interlocked.CompareExchange(ref _entries[ticket.Index], filled, ticket.Pending), ticket.Pending);
    }

    /// <summary>Gives the slot back when the read failed or found nothing to keep.</summary>
    public void AbandonFill(FillTicket ticket) =>
        Interlocked.CompareExchange(ref _entries[ticket.Index], null, ticket.Pending);

    /// <summary>
    /// Drops the session after this node wrote it, and keeps its reads from claiming the slot until
    /// <paramref name="holdUntilTicks"/>: a session written on every request then costs a plain GET per read, as
    /// without the near cache, rather than a GET and a PTTL to refill a copy the next write drops. Invalidations leave
    /// the hold in place (it keeps nothing, so it can't be stale).
    /// </summary>
    public void ForgetWritten(string sessionKey, long holdUntilTicks) =>
        Volatile.Write(ref _entries[IndexOf(sessionKey)], new Entry(sessionKey, null, holdUntilTicks, Written: true));

    /// <summary>Drops the session, kept or being read (an invalidation).</summary>
    public void Forget(string sessionKey)
    {
        ref var slot = ref _entries[IndexOf(sessionKey)];
        var current = Volatile.Read(ref slot);
        while (current is { Written: false } && SessionKeys.SameId(current.SessionKey, sessionKey))
        {
            var seen = Interlocked.CompareExchange(ref slot, null, current);
            if (ReferenceEquals(seen, current))
            {
                return;
            }
            current = seen;
        }
    }

    /// <summary>
    /// Drops the session whose fingerprint another node announced ended, kept or being read: a scan, as such news is
    /// rare (a logout, a revocation; not expiry, which Redis's invalidations and the copy's TTL cover) and the table
    /// holds no index by fingerprint.
    /// </summary>
    public void ForgetFingerprint(string fingerprint)
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            var entry = Volatile.Read(ref _entries[i]);
            // Again if a fill completed (or another read claimed the slot) between the read and the swap.
            while (entry is { Written: false } && string.Equals(entry.Fingerprint, fingerprint, StringComparison.Ordinal))
            {
                var seen = Interlocked.CompareExchange(ref _entries[i], null, entry);
                if (ReferenceEquals(seen, entry))
                {
                    break;
                }
                entry = seen;
            }
        }
    }

    private int IndexOf(string sessionKey) => sessionKey.GetHashCode() & _mask;

    /// <summary>
    /// A session's data (null while its read is in flight, or after this node wrote it) and when this copy, or the
    /// hold after a write, ends. Compared by reference only (a record's == would call two claims of one key equal).
    /// </summary>
    internal sealed record Entry(string SessionKey, LoadedSessionData? Data, long ExpiresAtTicks, bool Written = false,
        string? Fingerprint = null);

    /// <summary>The pending entry a read parked, to be filled or given back.</summary>
    internal readonly record struct FillTicket(int Index, Entry Pending);
}
