using BlazorSessionDemo.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// The account a typed login (username or email, already <see cref="LoginNames.Normalize"/>d) names in Django's
/// <c>auth_user</c>. The table may be Django's own, where usernames are unique case-sensitively and emails not at all,
/// so the query folds case itself and an ambiguous login ("Alice" and "alice" both exist, or two users share an email)
/// names only the exact username, else nobody - never whichever row comes first.
/// </summary>
/// <remarks>
/// One query for both databases: <c>lower(column) = lower(@login)</c>, both sides folded by the database itself.
/// SQLite's <c>lower()</c> folds ASCII letters only, exactly as its NOCASE did (and as <see cref="LoginNames.CountKey"/>
/// does); PostgreSQL's folds every letter its collation knows, and it is an index scan of <c>auth_user_username_lower</c> / <c>auth_user_email_lower</c>
/// (the PostgreSQL migration). An equality, never LIKE/ILIKE: a <c>_</c> or <c>%</c> in a typed name is a character,
/// not a wildcard that could name someone else.
/// </remarks>
public static class UserLookup
{
    public static async Task<User?> FindByLoginAsync(this IQueryable<User> users, string login, CancellationToken cancellationToken)
    {
        if (login.Length == 0)
        {
            return null;
        }
        var candidates = await users
            .Where(u => u.Username.ToLower() == EF.Parameter(login).ToLower() || u.Email.ToLower() == EF.Parameter(login).ToLower())
            .Take(8)
            .ToListAsync(cancellationToken);
        return candidates.Count == 1 ? candidates[0] : candidates.SingleOrDefault(u => string.Equals(u.Username, login, StringComparison.Ordinal));
    }

    /// <summary>Whether a username or email is taken, compared as the login lookup compares (case-insensitively).</summary>
    // EF.Parameter(...).ToLower(): lower() runs in the database on both sides, never .NET's culture rules on one.
    public static Task<bool> UsernameTakenAsync(this IQueryable<User> users, string username, CancellationToken cancellationToken) =>
        users.AnyAsync(u => u.Username.ToLower() == EF.Parameter(username).ToLower(), cancellationToken);

    public static Task<bool> EmailTakenAsync(this IQueryable<User> users, string email, CancellationToken cancellationToken) =>
        users.AnyAsync(u => u.Email.ToLower() == EF.Parameter(email).ToLower(), cancellationToken);
}
