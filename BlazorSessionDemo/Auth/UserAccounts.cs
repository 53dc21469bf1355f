using BlazorSessionDemo.Auth.Hashers;
using BlazorSessionDemo.Auth.Passwords;
using BlazorSessionDemo.Data;
using DjangoSessions;
using DjangoSessions.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// Finding, checking, creating and changing accounts: rows of Django's <c>auth_user</c>. Every write that changes what
/// authentication reads (password hash, active flag, the row itself) tells <paramref name="cache"/>
/// (<see cref="ActiveUserCache.AccountChanged"/>) once it is committed, so no node keeps authenticating from what the
/// row used to say.
/// </summary>
public sealed class UserAccounts(IDbContextFactory<AppDbContext> databases, DjangoPasswordHasher passwords, PasswordPolicy? policy = null,
    TimeProvider? time = null, ActiveUserCache? cache = null)
{
    private readonly PasswordPolicy _policy = policy ?? PasswordPolicy.Default;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // Authentication runs this on every request with a session (a deactivated user is anonymous at once); compiled
    // once, it skips EF's per-call expression-tree walk and query-cache lookup (docs/benchmarks.md). Per instance, not
    // static: a compiled query binds to the first EF model it runs with, and each app (each test host) has its own.
    private readonly Func<AppDbContext, long, CancellationToken, Task<User?>> _activeUserById =
        EF.CompileAsyncQuery((AppDbContext db, long id, CancellationToken _) =>
            db.Users.AsNoTracking().FirstOrDefault(u => u.Id == id && u.IsActive));

    /// <summary>The active account <paramref name="id"/> as the database has it now, else null.</summary>
    public async Task<User?> FindActiveAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await _activeUserById(db, id, cancellationToken);
    }

    /// <summary>
    /// The active account <paramref name="id"/> for authenticating a request: from <see cref="ActiveUserCache"/> when
    /// it holds it (no query), else read and kept.
    /// </summary>
    public ValueTask<CachedUser?> FindActiveCachedAsync(long id, CancellationToken cancellationToken = default) =>
        // A hit is every authenticated request's answer: handed back without a state machine.
        cache?.Find(id) is { } hit ? new(hit) : new(RefreshActiveAsync(id, cancellationToken));

    /// <summary>The active account <paramref name="id"/> read from the database, replacing (or dropping) what the cache held.</summary>
    public async Task<CachedUser?> RefreshActiveAsync(long id, CancellationToken cancellationToken = default)
    {
        if (cache is null)
        {
            return await FindActiveAsync(id, cancellationToken) is { } user ? new CachedUser(user) : null;
        }
        var generation = cache.Generation;
        return cache.Store(id, await FindActiveAsync(id, cancellationToken), generation);
    }

    /// <summary>The id of the account (active or not) whose username or email is <paramref name="login"/>, else null.</summary>
    public async Task<long?> FindIdByLoginAsync(string login, CancellationToken cancellationToken = default)
    {
        login = LoginNames.Normalize(login);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return (await db.Users.AsNoTracking().FindByLoginAsync(login, cancellationToken))?.Id;
    }

    /// <summary>
    /// The active account whose username or email is <paramref name="login"/> and whose password matches, else null.
    /// Unknown user, wrong password, inactive account and a stored hash this app cannot check all cost one verification
    /// and look the same to the caller. As Django's <c>ModelBackend.authenticate</c> + <c>login()</c>: a hash in another
    /// format or at another cost is replaced by the preferred one (<c>check_password</c>'s setter), and
    /// <c>last_login</c> is set.
    /// </summary>
    public async Task<User?> AuthenticateAsync(string login, string password, CancellationToken cancellationToken = default)
    {
        login = LoginNames.Normalize(login);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FindByLoginAsync(login, cancellationToken);
        if (!passwords.Verify(user?.PasswordHash, password) || user is not { IsActive: true })
        {
            return null;
        }
        var rehashed = passwords.NeedsRehash(user.PasswordHash);
        if (rehashed)
        {
            user.PasswordHash = passwords.Rehash(password);
        }
        user.LastLogin = _time.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (SessionDbDialect.AnyIsUnavailable(ex))
        {
            // Django's login() writes last_login to the database the sessions live in: one that is locked, full or
            // read-only is the store being down (503 and a log line), never a 500 or a half-done login.
            throw new SessionStoreUnavailableException(SessionEngineNames.Db, ex);
        }
        if (rehashed)
        {
            // The new session's _auth_user_hash is made from the new hash: nodes still holding the old one must drop it
            // (they would re-read the row before flushing, but need not). last_login alone changes nothing cached.
            cache?.AccountChanged(user.Id);
        }
        return user;
    }

    /// <summary>
    /// The active account <paramref name="id"/> when <paramref name="password"/> is its password, else null (one BCrypt
    /// check either way). Callers go through <see cref="Lockout.LoginAttempts.CheckPasswordAsync"/>, which limits guesses.
    /// </summary>
    public async Task<User?> VerifyPasswordAsync(long id, string password, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (!passwords.Verify(user?.PasswordHash, password) || user is not { IsActive: true })
        {
            return null;
        }
        return user;
    }

    /// <summary>Stores a BCrypt hash of <paramref name="password"/> (already checked by the policy) for account <paramref name="id"/>; the updated user, or null when it is gone.</summary>
    public async Task<User?> SetPasswordAsync(long id, string password, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.IsActive, cancellationToken);
        if (user is null)
        {
            return null;
        }
        user.PasswordHash = passwords.Hash(password);
        await db.SaveChangesAsync(cancellationToken);
        cache?.AccountChanged(user.Id);
        return user;
    }

    /// <summary>
    /// Django's <c>user.is_active = False; user.save()</c> (or True): a deactivated user's sessions are anonymous from
    /// their next request on this node, and on the others once they hear of it. False when there is no such account.
    /// </summary>
    public async Task<bool> SetActiveAsync(long id, bool active, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var changed = await db.Users.Where(u => u.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.IsActive, active), cancellationToken) == 1;
        cache?.AccountChanged(id);
        return changed;
    }

    /// <summary>Django's <c>user.delete()</c>: the account row goes, and with it every login of it (as deactivation). False when there was none.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Users.Where(u => u.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;
        cache?.AccountChanged(id);
        return deleted;
    }

    public async Task<AccountCreation> CreateAsync(string username, string email, string password, bool isStaff,
        CancellationToken cancellationToken = default)
    {
        // Stored as the login lookup will look for them: " Carol " is "Carol", and can't sit beside "carol".
        username = LoginNames.Normalize(username);
        email = LoginNames.Normalize(email);
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrWhiteSpace(email) || !email.Contains('@'))
        {
            return AccountCreation.Failed("A username and a valid email address are required.");
        }
        // The password change page's policy: createuser accepts nothing the page would refuse.
        if (_policy.Check(password, username, email) is [_, ..] problems)
        {
            return AccountCreation.Failed(string.Join(" ", problems));
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.Users.UsernameTakenAsync(username, cancellationToken))
        {
            return AccountCreation.Failed($"A user with the username '{username}' already exists.");
        }
        if (await db.Users.EmailTakenAsync(email, cancellationToken))
        {
            return AccountCreation.Failed($"A user with the email '{email}' already exists.");
        }
        var user = new User { Username = username, Email = email, PasswordHash = passwords.Hash(password), IsStaff = isStaff,
            DateJoined = _time.GetUtcNow().UtcDateTime };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (SessionDbDialect.AnyIsDuplicateKey(ex))
        {
            return AccountCreation.Failed($"A user with the username '{username}' or email '{email}' already exists.");
        }
        // Not announced: only active users are cached, and nothing can have cached one that did not exist.
        return AccountCreation.Created(user);
    }
}

/// <summary>The outcome of <see cref="UserAccounts.CreateAsync"/>: the new user, or why not.</summary>
public sealed record AccountCreation(User? User, string? Error)
{
    public static AccountCreation Created(User user) => new(user, null);
    public static AccountCreation Failed(string error) => new(null, error);
}
