using System.Security.Cryptography;
using System.Text;
using DjangoSessions;
using DjangoSessions.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BlazorSessionDemo.Auth.Lockout;

/// <summary>
/// Failed-login counts that every node sees, on the Redis server the <c>redis</c> engine already shares: one sorted
/// set per partition (<c>{Prefix}:lockout:{hash}</c>), one member per attempt scored by its time. Taking a permit is one
/// script, run atomically by Redis, so concurrent guesses spread over any number of nodes are counted exactly; the key
/// expires with the window, and a restart of any node forgets nothing. Attempt times come from the app's clock (nodes
/// are expected to agree on the time, as session expiry already assumes).
/// </summary>
public sealed class SharedLoginFailures(IRedisSessionConnection connection, IOptions<RedisSessionSettings> redis, TimeProvider time) : ILoginFailureStore
{
    // Same rule as FailureWindowLimiter: drop uses older than the window; admit if fewer than the limit remain; else
    // the wait until the use that must slide out does.
    private const string TakeScript = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local limit = tonumber(ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local count = redis.call('ZCARD', KEYS[1])
        if count < limit then
          redis.call('ZADD', KEYS[1], now, ARGV[4])
          redis.call('PEXPIRE', KEYS[1], window)
          return -1
        end
        local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
        return tonumber(oldest[2]) + window - now
        """;

    /// <inheritdoc/>
    public Task<(string? Token, TimeSpan RetryAfter)> TryTakeAsync(string partition, int limit, TimeSpan window, CancellationToken cancellationToken) =>
        GuardAsync(async db =>
        {
            var token = Guid.NewGuid().ToString("N");
            var wait = (long)await db.ScriptEvaluateAsync(TakeScript, [KeyOf(partition)],
                [time.GetUtcNow().ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds, limit, token]);
            return wait < 0 ? (token, TimeSpan.Zero) : ((string?)null, TimeSpan.FromMilliseconds(Math.Max(wait, 1)));
        }, cancellationToken);

    /// <inheritdoc/>
    public Task RefundAsync(string partition, string token, CancellationToken cancellationToken) =>
        GuardAsync(db => db.SortedSetRemoveAsync(KeyOf(partition), token), cancellationToken);

    /// <inheritdoc/>
    public Task ResetAsync(string partition, CancellationToken cancellationToken) =>
        GuardAsync(db => db.KeyDeleteAsync(KeyOf(partition)), cancellationToken);

    // Partitions hold typed-in login text: hashed, so a key's length is fixed and no login text is stored in Redis.
    private RedisKey KeyOf(string partition)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partition)))[..32];
        var prefix = redis.Value.Prefix;
        return string.IsNullOrEmpty(prefix) ? $"lockout:{hash}" : $"{prefix}:lockout:{hash}";
    }

    // Redis down: the same 503 a session read would get, never a login let through uncounted.
    private async Task<T> GuardAsync<T>(Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation(await connection.GetDatabaseAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new SessionStoreUnavailableException(SessionEngineNames.Redis, ex);
        }
    }
}
