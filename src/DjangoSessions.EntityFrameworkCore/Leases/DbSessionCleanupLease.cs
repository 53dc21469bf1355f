using DjangoSessions.Lifecycle;
using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// The cleanup lease as a row of <c>django_session_lease</c> in the shared database: claimed by one statement,
/// <c>INSERT ... ON CONFLICT (name) DO UPDATE ... WHERE expires_at &lt;= now OR holder = me</c> (SQLite 3.24+ and
/// PostgreSQL alike), which the database runs atomically, so of two nodes claiming at once exactly one changes the
/// row. Expiry is on the app's clock (nodes must agree on the time, as session expiry already assumes).
/// </summary>
internal sealed class DbSessionCleanupLease<TContext>(IDbContextFactory<TContext> contexts, TimeProvider time) : ISessionCleanupLease
    where TContext : DbContext, ISessionLeaseDbContext
{
    internal const string Name = "clearsessions";

    public async Task<bool> TryAcquireAsync(string holder, TimeSpan length, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var expires = now + (long)length.TotalMilliseconds;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Inserted (no lease yet) or updated (expired, or already ours): 1 row; held by another node: 0 rows.
        var claimed = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO django_session_lease (name, holder, expires_at) VALUES ({Name}, {holder}, {expires})
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE django_session_lease.expires_at <= {now} OR django_session_lease.holder = excluded.holder
            """, cancellationToken);
        return claimed == 1;
    }

    public async Task ReleaseAsync(string holder, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM django_session_lease WHERE name = {Name} AND holder = {holder}", cancellationToken);
    }
}
