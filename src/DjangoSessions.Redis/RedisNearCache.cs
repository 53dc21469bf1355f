using DjangoSessions.Catalog;
using DjangoSessions.Lifecycle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// The redis engine's near cache: sessions this node read lately, kept decoded in the process, so an authenticated
/// request that only reads its session doesn't ask Redis again. It is correct only because Redis itself says when a key
/// changes: server-assisted client-side caching (<c>CLIENT TRACKING ... BCAST PREFIX {Prefix}:</c>, Redis 6+), whose
/// invalidations (any write to a session key, by any node, by Django, by expiry or a flush) arrive on a connection of
/// its own and drop the copy. Copies are used only while <see cref="RedisNearCacheArming"/> has proven that path (a
/// probe key seen invalidated, repeated every few seconds) and dropped whole whenever it can't vouch for it. On a Redis
/// Cluster, where tracking is per shard, it stays off. A copy is never used after the key's own TTL or
/// <see cref="RedisSessionSettings.NearCacheMaxAge"/>, whichever comes first.
/// </summary>
internal sealed class RedisNearCache : IAsyncDisposable
{
    private readonly RedisSessionConnection _connection;
    private readonly RedisSessionSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _keyPrefix;
    private readonly RedisNearCacheArming _arming;
    private readonly IDisposable? _otherNodes;
    private RedisNearCacheSlots? _slots;
    private int _started;

    public RedisNearCache(RedisSessionConnection connection, IOptions<RedisSessionSettings> settings, TimeProvider time,
        ILogger<RedisNearCache>? logger = null, ISessionEventBus? events = null, RedisNearCacheTiming? timing = null)
    {
        _connection = connection;
        _settings = settings.Value;
        _time = time;
        _logger = logger ?? NullLogger<RedisNearCache>.Instance;
        _keyPrefix = string.IsNullOrEmpty(_settings.Prefix) ? "" : _settings.Prefix + ":";
        _arming = new RedisNearCacheArming(connection, _settings, _keyPrefix, _logger, Arm, Disarm, OnInvalidated,
            timing ?? RedisNearCacheTiming.Default);
        // Another node's logout reaches this node twice: Redis's invalidation, and the session event the other node
        // publishes. Nothing orders the two, and a page of this node that hears the event reloads at once, so the copy
        // is dropped on whichever comes first (other-node subscribers hear an event before this node's pages do).
        if (_settings.NearCacheSize > 0 && events is NodeSpanningSessionEventBus nodes)
        {
            _otherNodes = nodes.SubscribeToOtherNodes(OnOtherNode, missed: static () => { });
        }
    }

    /// <summary>True while copies are kept and used (tracking armed and verified).</summary>
    public bool IsArmed => Volatile.Read(ref _slots) is not null;

    /// <summary>The session as last read here, while Redis has not said it changed; null otherwise.</summary>
    public LoadedSessionData? Get(string sessionKey)
    {
        if (Volatile.Read(ref _slots) is { } slots)
        {
            return slots.Get(sessionKey, _time.GetUtcNow().UtcTicks);
        }
        StartOnce();
        return null;
    }

    /// <summary>
    /// A read of Redis about to start that may keep what it finds; null when nothing may be kept now. Only well-formed
    /// keys claim a slot: a flood of made-up cookies must not push real sessions out.
    /// </summary>
    public NearCacheFill? BeginFill(string sessionKey) =>
        Volatile.Read(ref _slots) is { } slots && SessionKeys.IsWellFormed(sessionKey)
        && _time.GetUtcNow().UtcTicks is var now && slots.BeginFill(sessionKey, now) is { } ticket
            ? new NearCacheFill(this, slots, ticket, now)
            : null;

    /// <summary>
    /// Drops this node's copy after its own write (Redis sends the node no invalidation of it: NOLOOP), and reads it
    /// from Redis without keeping it for a moment: a session written again and again isn't refilled after each write.
    /// </summary>
    public void ForgetWritten(string sessionKey) =>
        Volatile.Read(ref _slots)?.ForgetWritten(sessionKey, _time.GetUtcNow().UtcTicks + WriteHold.Ticks);

    /// <summary>How long reads of a session this node just wrote go to Redis without keeping a copy.</summary>
    internal static TimeSpan WriteHold { get; } = TimeSpan.FromSeconds(1);

    private void Forget(string sessionKey) => Volatile.Read(ref _slots)?.Forget(sessionKey);

    // A gap in these events needs nothing here: Redis's invalidations are the cache's own source, and losing those is
    // what disarms it.
    private void OnOtherNode(SessionEvent sessionEvent)
    {
        // Ended only: an expiry is covered by Redis's invalidation and the copy's own TTL, and is announced for every
        // key Redis expires, far too often for a scan of the table.
        if (sessionEvent.Kind is SessionEventKind.Ended)
        {
            Volatile.Read(ref _slots)?.ForgetFingerprint(sessionEvent.Fingerprint);
        }
    }

    /// <summary>An invalidation from Redis: a key, or null for "everything" (FLUSHDB, FLUSHALL).</summary>
    internal void OnInvalidated(RedisValue redisKey)
    {
        if (redisKey.IsNull)
        {
            if (Volatile.Read(ref _slots) is { } current)
            {
                Interlocked.CompareExchange(ref _slots, new RedisNearCacheSlots(_settings.NearCacheSize), current);
            }
            return;
        }
        if (RedisSessionEngine.SessionKeyOf(redisKey.ToString(), _settings.Prefix) is { } sessionKey)
        {
            Forget(sessionKey);
        }
    }

    // Counted from before the read was sent, so the copy never outlives the key, however slow the reply.
    private long ExpiresAt(long startedTicks, TimeSpan? ttl)
    {
        var age = ttl is { } left && left < _settings.NearCacheMaxAge ? left : _settings.NearCacheMaxAge;
        return startedTicks + age.Ticks;
    }

    private void StartOnce()
    {
        if (_settings.NearCacheSize > 0 && Volatile.Read(ref _started) == 0 && Interlocked.Exchange(ref _started, 1) == 0)
        {
            _arming.Start();
        }
    }

    private void Arm() => Volatile.Write(ref _slots, new RedisNearCacheSlots(_settings.NearCacheSize));

    private void Disarm() => Volatile.Write(ref _slots, null);

    public async ValueTask DisposeAsync()
    {
        // Never started from now on, and no copy used once the listener is gone.
        Interlocked.Exchange(ref _started, 1);
        _otherNodes?.Dispose();
        await _arming.DisposeAsync();
        Disarm();
    }

    /// <summary>One read's claim on its slot: kept with <see cref="Complete"/>, or given back with <see cref="Abandon"/>.</summary>
    internal readonly struct NearCacheFill(RedisNearCache cache, RedisNearCacheSlots slots, RedisNearCacheSlots.FillTicket ticket,
        long startedTicks)
    {
        /// <summary>Keeps the data if no invalidation came while it was read; <paramref name="ttl"/> is the key's (null: none).</summary>
        public void Complete(LoadedSessionData data, TimeSpan? ttl)
        {
            if (ttl is { } left && left <= TimeSpan.Zero)
            {
                Abandon();
                return;
            }
            slots.CompleteFill(ticket, data, cache.ExpiresAt(startedTicks, ttl));
        }

        public void Abandon() => slots.AbandonFill(ticket);
    }
}
