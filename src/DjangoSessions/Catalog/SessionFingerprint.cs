using System.Security.Cryptography;
using System.Text;

namespace DjangoSessions.Catalog;

/// <summary>
/// What a page may show instead of a session key: the first 12 hex digits of SHA-256 of the session's stable id. A key
/// is a bearer secret (whoever has it is logged in); 48 bits of a hash give it a recognisable name without giving it away.
/// </summary>
public static class SessionFingerprint
{
    internal const int Length = 12;

    /// <summary>The fingerprint of a session's stable id (its key, or for signed_cookies the id inside the cookie).</summary>
    public static string Of(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        return SessionFingerprintMemo.GetOrAdd(sessionId, Compute);
    }

    private static string Compute(string sessionId)
    {
        // The UTF-8 bytes and the hash on the stack, one string for the answer.
        const int StackBytes = 256;
        var byteCount = Encoding.UTF8.GetByteCount(sessionId);
        var large = byteCount > StackBytes ? new byte[byteCount] : null;
        Span<byte> bytes = large ?? stackalloc byte[StackBytes];
        bytes = bytes[..Encoding.UTF8.GetBytes(sessionId, bytes)];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..(Length / 2)]);
    }
}

/// <summary>
/// Implemented by an engine whose key changes while the session lives on (signed_cookies: the key is the cookie, re-signed
/// on every save): the id that stays the same for the session's whole life. Other engines' keys are their stable ids.
/// </summary>
internal interface ISessionStableId
{
    /// <summary>The session's stable id, or null when <paramref name="sessionKey"/> can't name a session of this engine.</summary>
    string? StableIdOf(string sessionKey);
}
