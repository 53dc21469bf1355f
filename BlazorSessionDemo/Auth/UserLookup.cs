using BlazorSessionDemo.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// The account a typed login (username or email, already <see cref="LoginNames.Normalize"/>d) names in Django's
/// <c>auth_user</c>. The table may be Django's own, where usernames are unique case-sensitively and emails not at all,
/// so the query folds case itself (SQLite's NOCASE, as <see cref="LoginNames.CountKey"/> does) and an ambiguous login
/// ("Alice" and "alice" both exist, or two users share an email) names only the exact username, else nobody - never
/// whichever row comes first.
/// </summary>
public static class UserLookup
{
    public static async Task<User?> FindByLoginAsync(this IQueryable<User> users, string login, CancellationToken cancellationToken)
    {
        if (login.Length == 0)
        {
            return null;
        }
        var candidates = await users
            .Where(u => EF.Functions.Collate(u.Username, "NOCASE") == login || EF.Functions.Collate(u.Email, "NOCASE") == login)
            .Take(8)
            .ToListAsync(cancellationToken);
        return candidates.Count == 1 ? candidates[0] : candidates.SingleOrDefault(u => string.Equals(u.Username, login, StringComparison.Ordinal));
    }

    /// <summary>Whether a username or email is taken, compared as the login lookup compares (case-insensitively).</summary>
    public static Task<bool> UsernameTakenAsync(this IQueryable<User> users, string username, CancellationToken cancellationToken) =>
        users.AnyAsync(u => EF.Functions.Collate(u.Username, "NOCASE") == username, cancellationToken);

    public static Task<bool> EmailTakenAsync(this IQueryable<User> users, string email, CancellationToken cancellationToken) =>
        users.AnyAsync(u => EF.Functions.Collate(u.Email, "NOCASE") == email, cancellationToken);
}
