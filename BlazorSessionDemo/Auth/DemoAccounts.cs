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
        var existing = await db.Users.Select(u => u.Username).ToListAsync(cancellationToken);
        var accounts = services.GetRequiredService<UserAccounts>();
        foreach (var (username, email, password, isStaff) in All.Where(a => !existing.Contains(a.Username, StringComparer.OrdinalIgnoreCase)))
        {
            await accounts.CreateAsync(username, email, password, isStaff, cancellationToken);
        }
    }
}
