using System.Globalization;
using BlazorSessionDemo.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Auth;

/// <summary>Usernames for the user ids the session catalog holds, and the other way round for filtering by user.</summary>
public sealed class UserDirectory(IDbContextFactory<AppDbContext> databases)
{
    /// <summary>The usernames of those of <paramref name="userIds"/> (catalog text ids) that are accounts.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Select(id => long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : (long?)null)
            .OfType<long>().Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, string>();
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Username }).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.Id.ToString(CultureInfo.InvariantCulture), u => u.Username);
    }

    /// <summary>The account whose username or email is <paramref name="login"/> (any case), active or not.</summary>
    public async Task<User?> FindAsync(string login, CancellationToken cancellationToken = default)
    {
        login = LoginNames.Normalize(login);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().FindByLoginAsync(login, cancellationToken);
    }
}
