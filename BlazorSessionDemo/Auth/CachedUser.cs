using BlazorSessionDemo.Data;

namespace BlazorSessionDemo.Auth;

/// <summary>
/// An active account as <see cref="ActiveUserCache"/> keeps it: the row as read (never written to: it is shared by
/// every request of the user) and the <c>_auth_user_hash</c> digests its sessions may hold, computed once per entry
/// instead of two SHA-256s and an HMAC per secret on every request.
/// </summary>
public sealed class CachedUser(User user)
{
    private AuthHashes? _hashes;

    public User User { get; } = user;

    /// <summary>The user's id as the principal's name-identifier claim carries it, made once per entry.</summary>
    public string IdText { get; } = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// <see cref="SessionAuthHash.Matches(string?, string, string, IEnumerable{string})"/> for this user, with the
    /// digests kept while the secrets stay the same (a settings reload with new secrets computes them again).
    /// </summary>
    public bool AuthHashMatches(string? stored, string secret, string[] fallbacks)
    {
        var hashes = _hashes;
        if (hashes is null || !hashes.IsFor(secret, fallbacks))
        {
            // Racing requests may each compute them: the same values, and the last one stays.
            hashes = _hashes = new AuthHashes(secret, [.. fallbacks], SessionAuthHash.Expected(User.PasswordHash, secret, fallbacks));
        }
        // The same string as the last match is that match again: a session's shared dict hands every request the very
        // string it decoded, and a string object can't be made to be one already verified (no secret is revealed).
        if (stored is not null && ReferenceEquals(stored, hashes.LastMatched))
        {
            return true;
        }
        var matched = SessionAuthHash.Matches(stored, hashes.Digests);
        if (matched)
        {
            hashes.LastMatched = stored;
        }
        return matched;
    }

    private sealed record AuthHashes(string Secret, string[] Fallbacks, byte[][] Digests)
    {
        public volatile string? LastMatched;

        public bool IsFor(string secret, string[] fallbacks) =>
            string.Equals(Secret, secret, StringComparison.Ordinal) && Fallbacks.AsSpan().SequenceEqual(fallbacks);
    }
}
