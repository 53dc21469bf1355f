using DjangoSessions.Lifecycle;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// The cleanup lease as a Redis lock with expiry, on the server the redis engine already shares:
/// <c>SET {Prefix}:cleanup-lease holder NX PX length</c> takes it; the holder extends it (and releases it) only through
/// a compare-then-act script, so a node whose lease ran out and was taken by another can neither renew nor delete
/// the new holder's lock. Expiry is the Redis server's clock.
/// </summary>
internal sealed class RedisSessionCleanupLease(IRedisSessionConnection connection, IOptions<RedisSessionSettings> settings) : ISessionCleanupLease
{
    private const string ExtendScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    public async Task<bool> TryAcquireAsync(string holder, TimeSpan length, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var db = await connection.GetDatabaseAsync(cancellationToken);
        var key = Key;
        if (await db.StringSetAsync(key, holder, length, When.NotExists))
        {
            return true;
        }
        return (long)await db.ScriptEvaluateAsync(ExtendScript, [key], [holder, (long)length.TotalMilliseconds]) == 1;
    }

    public async Task ReleaseAsync(string holder, CancellationToken cancellationToken)
    {
        var db = await connection.GetDatabaseAsync(cancellationToken);
        await db.ScriptEvaluateAsync(ReleaseScript, [Key], [holder]);
    }

    private RedisKey Key => string.IsNullOrEmpty(settings.Value.Prefix) ? "cleanup-lease" : $"{settings.Value.Prefix}:cleanup-lease";
}
