using System.Globalization;
using System.Net;
using BlazorSessionDemo.Data;

namespace BlazorSessionDemo.Auth.Lockout;

/// <summary>
/// A login as both login paths (<c>/login</c>, <c>/api/login</c>) run it: the limits first (a refused attempt never
/// reaches BCrypt, so a flood of guesses costs the server almost nothing), then one password check. Failures count
/// against the account when the login names one (username or email alike, so switching between them gains nothing),
/// else against the login text; and always against the client address.
/// </summary>
public sealed class LoginAttempts(UserAccounts users, LoginThrottle throttle, ILogger<LoginAttempts> logger)
{
    public async Task<LoginOutcome> LogInAsync(string login, string password, IPAddress? address, CancellationToken cancellationToken = default)
    {
        // One normal form for the lookup and the count: "bob ", "BOB" and "bob" are one account and one count, and
        // an unknown name is counted exactly as a known one would be (else the lockout tells which names exist).
        login = LoginNames.Normalize(login);
        var accountId = await users.FindIdByLoginAsync(login, cancellationToken);
        var account = accountId is { } id
            ? string.Create(CultureInfo.InvariantCulture, $"user:{id}")
            : "login:" + LoginNames.CountKey(login);
        var ticket = await throttle.BeginAsync(account, address, cancellationToken);
        // The log names an account by id only: typed-in login text can be a password entered in the wrong field.
        var logName = accountId is { } known ? string.Create(CultureInfo.InvariantCulture, $"user {known}") : "an unknown login";
        if (!ticket.Admitted)
        {
            AuthLog.LoginThrottled(logger, logName, address?.ToString() ?? "(unknown)", LoginOutcome.Seconds(ticket.RetryAfter));
            return LoginOutcome.Throttled(ticket.RetryAfter);
        }
        var user = await users.AuthenticateAsync(login, password, cancellationToken);
        if (user is null)
        {
            AuthLog.LoginFailed(logger, logName, address?.ToString() ?? "(unknown)");
            return LoginOutcome.Invalid;
        }
        await throttle.SucceededAsync(ticket, cancellationToken);
        return LoginOutcome.LoggedIn(user);
    }

    /// <summary>
    /// "Is this the password of the logged-in user <paramref name="userId"/>?" for every re-entry of a password after
    /// login (ending other sessions, changing the password): the same limits and counts as logging in, so a stolen
    /// session can't guess its way past them there. The account partition is the one a login by username or email uses.
    /// </summary>
    public async Task<LoginOutcome> CheckPasswordAsync(long userId, string password, IPAddress? address, CancellationToken cancellationToken = default)
    {
        // Nothing typed is not a guess: no count, no failure logged, no BCrypt (Django's forms say "This field is
        // required." before any password is checked). The page asks for the password instead (PasswordMissing).
        if (password.Length == 0)
        {
            return LoginOutcome.NoPassword;
        }
        var ticket = await throttle.BeginAsync(string.Create(CultureInfo.InvariantCulture, $"user:{userId}"), address, cancellationToken);
        var addressText = address?.ToString() ?? "(unknown)";
        if (!ticket.Admitted)
        {
            AuthLog.PasswordCheckThrottled(logger, userId, addressText, LoginOutcome.Seconds(ticket.RetryAfter));
            return LoginOutcome.Throttled(ticket.RetryAfter);
        }
        if (await users.VerifyPasswordAsync(userId, password, cancellationToken) is not { } user)
        {
            AuthLog.PasswordCheckFailed(logger, userId, addressText);
            return LoginOutcome.Invalid;
        }
        await throttle.SucceededAsync(ticket, cancellationToken);
        return LoginOutcome.LoggedIn(user);
    }
}

/// <summary>The user logged in, or nobody (bad credentials), or refused for <see cref="RetryAfter"/> (too many failures).</summary>
public sealed record LoginOutcome(User? User, TimeSpan? RetryAfter)
{
    public static readonly LoginOutcome Invalid = new(null, null);

    /// <summary>The password was empty: refused without counting as a failed attempt.</summary>
    public static readonly LoginOutcome NoPassword = new(null, null) { PasswordMissing = true };

    /// <summary>True when nothing was typed (say "Enter your password", not "Wrong password").</summary>
    public bool PasswordMissing { get; init; }

    public static LoginOutcome LoggedIn(User user) => new(user, null);

    public static LoginOutcome Throttled(TimeSpan retryAfter) => new(null, retryAfter);

    /// <summary>Retry-After in whole seconds, rounded up and at least 1.</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
