using BlazorSessionDemo.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Auth;

/// <summary>The demo accounts of DESIGN.md, created on start when <c>Demo:SeedUsers</c> is true.</summary>
public static class DemoAccounts
{
    public static readonly IReadOnlyList<(string Username, string Email, string Password, bool IsStaff)> All =
    [
        ("alice", "alice@example.com", "alice-password", false),
        ("bob", "bob@example.com", "bob-password", false),
        ("admin", "admin@example.com", "admin-password", true),
    ];

    public static async Task SeedDemoAccountsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (!services.GetRequiredService<IOptions<AuthSettings>>().Value.SeedDemoUsers)
        {
            return;
        }
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        // Nodes started together on one PostgreSQL seed one at a time: a session-level advisory lock on this context's
        // connection, held while the accounts are checked and created, so the second node finds the first one's
        // accounts and inserts nothing (no unique violation, no error line). Released below, and by the server if the
        // node dies. SQLite: an operating-system lock on a file beside the database, the same way.
        var postgreSql = db.Database.IsNpgsql();
        await using var sqliteLock = await SqliteStartupLock.AcquireAsync(postgreSql ? null : db.Database.GetDbConnection().DataSource, cancellationToken);
        if (postgreSql)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({SeedLockId})", cancellationToken);
        }
        try
        {
            var existing = await db.Users.Select(u => u.Username).ToListAsync(cancellationToken);
            var accounts = services.GetRequiredService<UserAccounts>();
            foreach (var (username, email, password, isStaff) in All.Where(a => !existing.Contains(a.Username, StringComparer.OrdinalIgnoreCase)))
            {
                await accounts.CreateAsync(username, email, password, isStaff, cancellationToken);
            }
        }
        finally
        {
            if (postgreSql)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({SeedLockId})", CancellationToken.None);
            }
        }
    }

    /// <summary>The advisory lock key of demo seeding (any constant; "BSD-SEED" in ASCII, so it is recognisable in pg_locks).</summary>
    private const long SeedLockId = 0x4253442D53454544;
}
