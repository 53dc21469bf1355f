using System.Net;
using BlazorSessionDemo.Auth.Lockout;
using BlazorSessionDemo.Data;
using DjangoSessions;
using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Auth.Passwords;

/// <summary>
/// Django's <c>PasswordChangeView</c>: the current password (through the login limits), a new one that passes the
/// <see cref="PasswordPolicy"/>, typed twice. On success, as <c>update_session_auth_hash</c> does, this session stays
/// logged in on a new key, and every other session of the user ends at once through the revocation path (the engine
/// deletes it, the catalog forgets it, its open pages hear of it and leave).
/// </summary>
public sealed class PasswordChange(
    LoginAttempts attempts,
    UserAccounts users,
    PasswordPolicy policy,
    SessionRevocation revocation,
    SessionIdentity identity,
    ILogger<PasswordChange> logger)
{
    public const string CurrentField = nameof(PasswordChangeRequest.CurrentPassword);
    public const string NewField = nameof(PasswordChangeRequest.NewPassword);
    public const string ConfirmField = nameof(PasswordChangeRequest.ConfirmPassword);

    // Django's PasswordChangeForm / SetPasswordForm messages.
    public const string CurrentRequired = "Enter your current password.";
    public const string CurrentIncorrect = "Your old password was entered incorrectly. Please enter it again.";
    public const string ConfirmMismatch = "The two password fields didn't match.";
    public const string AccountGone = "Your account is no longer active: the password was not changed.";

    public async Task<PasswordChangeOutcome> ChangeAsync(User user, PasswordChangeRequest request, DjangoSession session,
        IPAddress? address, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (policy.Check(request.NewPassword, user.Username, user.Email) is [_, ..] problems)
        {
            errors[NewField] = problems;
        }
        if (!string.IsNullOrEmpty(request.NewPassword) && request.ConfirmPassword != request.NewPassword)
        {
            errors[ConfirmField] = [ConfirmMismatch];
        }
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            errors[CurrentField] = [CurrentRequired];
        }
        else
        {
            // Every typed current password is a guess the limits count, whatever else is wrong with the form.
            var check = await attempts.CheckPasswordAsync(user.Id, request.CurrentPassword, address, cancellationToken);
            if (check.RetryAfter is { } wait)
            {
                return PasswordChangeOutcome.Throttled(wait);
            }
            if (check.User is null)
            {
                errors[CurrentField] = [CurrentIncorrect];
            }
        }
        if (errors.Count > 0)
        {
            return PasswordChangeOutcome.Invalid(errors);
        }
        if (await users.SetPasswordAsync(user.Id, request.NewPassword!, cancellationToken) is not { } updated)
        {
            return PasswordChangeOutcome.Invalid(new Dictionary<string, IReadOnlyList<string>> { [CurrentField] = [AccountGone] });
        }
        // Others first, while this session still has the fingerprint the catalog knows it by; then this one moves to a
        // new key (cycle_key), so a copy of its old cookie is worthless too.
        var ended = await revocation.EndAllOfUserAsync(SessionAccess.CatalogUserId(updated),
            keepFingerprint: identity.FingerprintOf(session.SessionKey), cancellationToken);
        await session.LogInAsync(updated, cancellationToken);
        AuthLog.PasswordChanged(logger, updated.Id, ended);
        return PasswordChangeOutcome.Changed(ended);
    }
}

/// <summary>The form as posted: current password, new password, the new one again.</summary>
public sealed class PasswordChangeRequest
{
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
    public string? ConfirmPassword { get; set; }
}

/// <summary>Changed (and how many other sessions ended), or the messages per field, or refused for a while by the limits.</summary>
public sealed record PasswordChangeOutcome(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Errors,
    int OtherSessionsEnded,
    TimeSpan? RetryAfter)
{
    public bool Succeeded => Errors.Count == 0 && RetryAfter is null;

    public static PasswordChangeOutcome Changed(int otherSessionsEnded) => new(new Dictionary<string, IReadOnlyList<string>>(), otherSessionsEnded, null);

    public static PasswordChangeOutcome Invalid(IReadOnlyDictionary<string, IReadOnlyList<string>> errors) => new(errors, 0, null);

    public static PasswordChangeOutcome Throttled(TimeSpan wait) => new(new Dictionary<string, IReadOnlyList<string>>(), 0, wait);
}
