using System.Globalization;
using System.Security.Claims;
using BlazorSessionDemo.Data;
using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// Authorises each action of the interactive session pages on the server, at the moment of the action: a circuit's
/// principal was read once, when it connected, so every click re-checks that the session it runs on is still live and
/// that its user is still active (and staff, for the admin page).
/// </summary>
public sealed class SessionAccess(UserAccounts users, ISessionCatalog catalog)
{
    /// <summary>The user behind <paramref name="principal"/>, or null when its session ended or the user is gone or inactive.</summary>
    public async Task<User?> CurrentUserAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || FingerprintOf(principal) is not { } fingerprint
            || !await catalog.ContainsFingerprintAsync(fingerprint, cancellationToken))
        {
            return null;
        }
        return await users.FindActiveAsync(id, cancellationToken);
    }

    /// <summary>The staff user behind <paramref name="principal"/>, or null (not staff any more, inactive, session ended).</summary>
    public async Task<User?> StaffAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        await CurrentUserAsync(principal, cancellationToken) is { IsStaff: true } user ? user : null;

    /// <summary>The fingerprint of the session the principal was authenticated from.</summary>
    public static string? FingerprintOf(ClaimsPrincipal principal) =>
        principal.FindFirstValue(SessionAuthenticationHandler.SessionFingerprintClaim);

    /// <summary>The catalog's form of a user id (the session's <c>user_id</c> as JSON text).</summary>
    public static string CatalogUserId(User user) => user.Id.ToString(CultureInfo.InvariantCulture);
}
