using System.Security.Cryptography;
using System.Text;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// Django's <c>_auth_user_hash</c>: <c>AbstractBaseUser.get_session_auth_hash()</c> (Django 3.1+), which binds a login
/// to the password it was made with - change the password and every session holding the old hash stops being a login.
/// <c>salted_hmac(key_salt, password_hash, secret=SECRET_KEY, algorithm='sha256').hexdigest()</c>, where salted_hmac
/// keys HMAC-SHA256 with <c>sha256(key_salt + secret).digest()</c>.
/// </summary>
public static class SessionAuthHash
{
    /// <summary>Django's <c>key_salt</c> for the session auth hash.</summary>
    public const string KeySalt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash";

    /// <summary>Length of the hex digest: 32 bytes of SHA-256, 64 lower-case hex characters.</summary>
    public const int Length = 64;

    /// <summary>The hash stored at login for a user whose stored password hash is <paramref name="passwordHash"/>.</summary>
    public static string Compute(string passwordHash, string secret)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(KeySalt + secret));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(passwordHash)));
    }

    /// <summary>
    /// Whether <paramref name="stored"/> is the hash of <paramref name="passwordHash"/> under the secret or one of its
    /// fallbacks (Django 4.1+ <c>get_session_auth_fallback_hash</c>: rotating SECRET_KEY logs nobody out). Every
    /// comparison is constant-time over the full digest; anything that is not exactly a digest (empty, truncated,
    /// longer) is refused.
    /// </summary>
    public static bool Matches(string? stored, string passwordHash, string secret, IEnumerable<string> fallbacks) =>
        Matches(stored, Expected(passwordHash, secret, fallbacks));

    /// <summary>
    /// The digests a session of the user whose password hash is <paramref name="passwordHash"/> may hold (the secret's
    /// first, then each fallback's), as UTF-8 bytes: computed once per cached user, not per request.
    /// </summary>
    public static byte[][] Expected(string passwordHash, string secret, IEnumerable<string> fallbacks) =>
        [.. fallbacks.Prepend(secret).Select(candidate => Encoding.UTF8.GetBytes(Compute(passwordHash, candidate)))];

    /// <summary>Whether <paramref name="stored"/> is one of <paramref name="expected"/>, each compared in constant time.</summary>
    public static bool Matches(string? stored, IReadOnlyList<byte[]> expected)
    {
        // A digest is 64 ASCII characters: anything longer is refused without being looked at (its length is no secret).
        if (stored is null || stored.Length > Length)
        {
            return false;
        }
        Span<byte> given = stackalloc byte[Length * 3];
        given = given[..Encoding.UTF8.GetBytes(stored, given)];
        var matched = false;
        foreach (var candidate in expected)
        {
            // FixedTimeEquals answers false for different lengths without looking at the content.
            matched |= CryptographicOperations.FixedTimeEquals(given, candidate);
        }
        return matched;
    }
}
