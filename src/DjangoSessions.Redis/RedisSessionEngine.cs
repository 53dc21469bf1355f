using System.Text.Json.Nodes;
using DjangoSessions.Concurrency;
using DjangoSessions.Lifecycle;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// django-redis-sessions' <c>redis_sessions.session</c> on StackExchange.Redis: one string key per session,
/// <c>{Prefix}:{session_key}</c> (the bare key when no prefix is set), holding the encoded session data, with a TTL of
/// the seconds left until the expire date. A Django app on django-redis-sessions with the same prefix and
/// SECRET_KEY reads and writes the same keys.
/// </summary>
internal sealed partial class RedisSessionEngine(
    RedisSessionConnection connection,
    RedisNearCache nearCache,
    SessionDataCodec codec,
    TimeProvider time,
    IOptions<RedisSessionSettings> settings,
    RedisReadPipeline? reads = null) : ISessionEngine, ISessionRecordReader, ISessionCompareAndSwap, ISessionSharedLoad
{
    // Compare and swap in one server-side step (a cluster runs it on the key's own shard): 1 stored, 0 the value is
    // no longer the one loaded, -1 the key is gone (deleted or expired: never resurrected).
    private const string SwapScript = """
        local current = redis.call('GET', KEYS[1])
        if not current then return -1 end
        if current ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    public Task<JsonObject?> LoadAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(async db =>
        {
            var value = await db.StringGetAsync(StoredKey(sessionKey));
            // Missing or expired (Redis dropped it at its TTL): null, so the key is dropped. Corrupt data decodes to {}.
            return value.IsNull ? null : codec.Decode(value.ToString());
        }, cancellationToken);

    public async Task<VersionedSessionData?> LoadVersionedAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        (await ((ISessionSharedLoad)this).LoadSharedAsync(sessionKey, cancellationToken))?.ToVersioned();

    public Task<string?> SaveIfUnchangedAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, string expectedVersion,
        CancellationToken cancellationToken = default) =>
        GuardWrite(sessionKey, async db =>
        {
            var key = StoredKey(sessionKey);
            var ttl = expireDate - time.GetUtcNow();
            if (ttl <= TimeSpan.Zero)
            {
                await SaveAlreadyExpiredAsync(db, key, mustCreate: false);
                return "";
            }
            var encoded = codec.Encode(data);
            var outcome = (int)await db.ScriptEvaluateAsync(SwapScript, [key],
                [expectedVersion, encoded, (long)RoundUpToMilliseconds(ttl).TotalMilliseconds]);
            return outcome switch
            {
                1 => encoded,
                0 => null,
                _ => throw new SessionUpdateException("The session was deleted before it could be saved."),
            };
        }, cancellationToken);

    public Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(db => db.KeyExistsAsync(StoredKey(sessionKey)), cancellationToken);

    public Task<string> SaveAsync(string sessionKey, JsonObject data, DateTimeOffset expireDate, bool mustCreate,
        CancellationToken cancellationToken = default) =>
        GuardWrite(sessionKey, async db =>
        {
            var key = StoredKey(sessionKey);
            var ttl = expireDate - time.GetUtcNow();
            if (ttl <= TimeSpan.Zero)
            {
                await SaveAlreadyExpiredAsync(db, key, mustCreate);
                return sessionKey;
            }
            // SET NX for create (Django's CreateError when taken), SET XX for update: a session deleted meanwhile
            // (logged out in another request) is never written back (UpdateError), unlike django-redis-sessions' SETEX.
            var stored = await db.StringSetAsync(key, codec.Encode(data), RoundUpToMilliseconds(ttl),
                mustCreate ? When.NotExists : When.Exists);
            if (!stored)
            {
                throw mustCreate
                    ? new SessionCreateException("Session key already in use.")
                    : new SessionUpdateException("The session was deleted before it could be saved.");
            }
            return sessionKey;
        }, cancellationToken);

    public Task DeleteAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        GuardWrite(sessionKey, db => db.KeyDeleteAsync(StoredKey(sessionKey)), cancellationToken);

    /// <summary>
    /// Nothing to do: Redis deletes each key itself when its TTL runs out, so no expired session is ever left to
    /// purge (django-redis-sessions' <c>clear_expired</c> is a no-op for the same reason).
    /// </summary>
    public Task<int> ClearExpiredAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);

    /// <summary>Redis keys expire on their own (TTL); the server outlives the app and every node shares it.</summary>
    public SessionEngineTraits Traits { get; } = new(SurvivesRestart: true, SharedAcrossProcesses: true, ClearsExpired: false);

    /// <summary>The string key as stored; its expire date is now plus the key's TTL.</summary>
    public Task<StoredSessionRecord?> ReadRawAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        Guard(async db =>
        {
            var key = StoredKey(sessionKey);
            var stored = await db.StringGetWithExpiryAsync(key);
            if (stored.Value.IsNull)
            {
                return null;
            }
            var raw = stored.Value.ToString();
            return (StoredSessionRecord?)new StoredSessionRecord($"redis key '{key}' (db {settings.Value.Db})", raw, raw,
                stored.Expiry is { } ttl ? time.GetUtcNow() + ttl : null);
        }, cancellationToken);

    /// <summary>django-redis-sessions' <c>get_real_stored_key</c>: <c>prefix:key</c>, or the key alone without a prefix.</summary>
    internal string StoredKey(string sessionKey)
    {
        var prefix = settings.Value.Prefix;
        return string.IsNullOrEmpty(prefix) ? sessionKey : $"{prefix}:{sessionKey}";
    }

    /// <summary>
    /// <see cref="StoredKey"/> the other way: the session key a Redis key holds, or null when the key is not one of this
    /// app's sessions (another prefix, or not a key this app could have issued).
    /// </summary>
    internal static string? SessionKeyOf(string redisKey, string? prefix)
    {
        var sessionKey = string.IsNullOrEmpty(prefix) ? redisKey
            : redisKey.StartsWith(prefix + ":", StringComparison.Ordinal) ? redisKey[(prefix.Length + 1)..] : null;
        return sessionKey is not null && SessionKeys.IsWellFormed(sessionKey) ? sessionKey : null;
    }

    /// <summary>
    /// An expire date already past (<c>set_expiry</c> with a negative age): Redis takes no TTL of zero or less, and a
    /// key stored now would be gone at once anyway, so nothing is stored; the create/update rules still hold.
    /// </summary>
    private static async Task SaveAlreadyExpiredAsync(IDatabase db, RedisKey key, bool mustCreate)
    {
        if (mustCreate)
        {
            if (await db.KeyExistsAsync(key))
            {
                throw new SessionCreateException("Session key already in use.");
            }
            return;
        }
        if (!await db.KeyDeleteAsync(key))
        {
            throw new SessionUpdateException("The session was deleted before it could be saved.");
        }
    }

    // Whole milliseconds, rounded up, so a TTL of "60 s minus a few ticks" still reads 60 in TTL, never 59.
    private static TimeSpan RoundUpToMilliseconds(TimeSpan ttl) => TimeSpan.FromMilliseconds(Math.Ceiling(ttl.TotalMilliseconds));

    /// <summary>
    /// A write, then this node's copy of the session dropped whatever the outcome (a failed compare-and-swap means the
    /// copy was stale). Redis's invalidation of the write reaches the other nodes, not this one (NOLOOP).
    /// </summary>
    private async Task<T> GuardWrite<T>(string sessionKey, Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await Guard(operation, cancellationToken);
        }
        finally
        {
            nearCache.ForgetWritten(sessionKey);
        }
    }

    /// <summary>Redis down, timing out, loading its data or shutting down: "store unavailable" (503), not a crash.</summary>
    private async Task<T> Guard<T>(Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation(await connection.GetDatabaseAsync(cancellationToken));
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException(SessionEngineNames.Redis, ex);
        }
    }

    private static bool IsUnavailable(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;
}
