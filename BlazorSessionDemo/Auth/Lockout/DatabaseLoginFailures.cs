using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using BlazorSessionDemo.Data;
using DjangoSessions;
using DjangoSessions.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Auth.Lockout;

/// <summary>
/// Failed-login counts in the app's shared database (<c>login_failures</c>), for every engine but redis: one row per
/// counted attempt. Taking one is a transaction that counts the partition's attempts in the window and inserts only
/// below the limit; the transaction holds the partition alone (SQLite: <c>BEGIN IMMEDIATE</c>, the one writer;
/// PostgreSQL: a transaction advisory lock on the partition's hash), so concurrent guesses over any number of nodes are
/// counted exactly, and a restart forgets nothing. Same rule as <see cref="FailureWindowLimiter"/> and the Redis script.
/// </summary>
public sealed class DatabaseLoginFailures(IDbContextFactory<AppDbContext> contexts, TimeProvider time) : ILoginFailureStore
{
    // Every this many attempts (on average) a node also drops other partitions' attempts older than the window.
    private const int PruneEvery = 64;

    public Task<(string? Token, TimeSpan RetryAfter)> TryTakeAsync(string partition, int limit, TimeSpan window, CancellationToken cancellationToken) =>
        GuardAsync(async db =>
        {
            var key = KeyOf(partition);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var windowMs = (long)window.TotalMilliseconds;
            (string?, TimeSpan) outcome;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                if (db.Database.IsNpgsql())
                {
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockIdOf(key)})", cancellationToken);
                }
                await db.Database.ExecuteSqlAsync(
                    $"DELETE FROM login_failures WHERE partition_key = {key} AND attempted_at <= {now - windowMs}", cancellationToken);
                var times = await db.Database.SqlQuery<long>(
                    $"SELECT attempted_at AS \"Value\" FROM login_failures WHERE partition_key = {key} ORDER BY attempted_at").ToListAsync(cancellationToken);
                if (times.Count < limit)
                {
                    var token = Guid.NewGuid().ToString("N");
                    await db.Database.ExecuteSqlAsync(
                        $"INSERT INTO login_failures (partition_key, token, attempted_at) VALUES ({key}, {token}, {now})", cancellationToken);
                    outcome = (token, TimeSpan.Zero);
                }
                else
                {
                    // The wait until the attempt that must slide out does.
                    outcome = (null, TimeSpan.FromMilliseconds(Math.Max(times[times.Count - limit] + windowMs - now, 1)));
                }
                await transaction.CommitAsync(cancellationToken);
            }
            if (Random.Shared.Next(PruneEvery) == 0)
            {
                await db.Database.ExecuteSqlAsync($"DELETE FROM login_failures WHERE attempted_at <= {now - windowMs}", cancellationToken);
            }
            return outcome;
        }, cancellationToken);

    public Task RefundAsync(string partition, string token, CancellationToken cancellationToken) =>
        GuardAsync(async db => await db.Database.ExecuteSqlAsync(
            $"DELETE FROM login_failures WHERE partition_key = {KeyOf(partition)} AND token = {token}", cancellationToken), cancellationToken);

    public Task ResetAsync(string partition, CancellationToken cancellationToken) =>
        GuardAsync(async db => await db.Database.ExecuteSqlAsync(
            $"DELETE FROM login_failures WHERE partition_key = {KeyOf(partition)}", cancellationToken), cancellationToken);

    // Partitions hold typed-in login text: hashed, so no login text is stored and every key has one length.
    private static string KeyOf(string partition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partition)))[..32];

    private static long LockIdOf(string key) => BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(key.AsSpan(0, 16)));

    // The database down: the same 503 a session read would get, never a login let through uncounted.
    private async Task<T> GuardAsync<T>(Func<AppDbContext, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await operation(db);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException && SessionDbDialect.AnyIsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException(SessionEngineNames.Db, ex);
        }
    }
}
