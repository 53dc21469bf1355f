using System.Security.Cryptography;
using System.Text;

namespace DjangoSessions.Signing;

/// <summary>
/// Session data in Django's pre-3.1 format, which Django 3.2 still reads (<c>SessionBase._legacy_decode</c>, removed
/// in 4.0): <c>base64(hexdigest + ":" + json)</c>, where hexdigest is <c>salted_hmac(key_salt, json).hexdigest()</c>
/// with SHA-1, key <c>SHA1(key_salt + secret)</c> and key_salt <c>"django.contrib.sessions" + "SessionStore"</c> (the
/// engine's class name, the same for every Django engine). Read only: this app never writes the format.
/// </summary>
internal sealed class LegacySessionHash
{
    public const string KeySalt = "django.contrib.sessionsSessionStore";

    private const int HexDigestLength = 40;
    private readonly byte[][] _keys;

    /// <param name="secret">SECRET_KEY.</param>
    /// <param name="fallbacks">SECRET_KEY_FALLBACKS, tried after it as the signer does.</param>
    public LegacySessionHash(string secret, IEnumerable<string> fallbacks) =>
        _keys = [.. new[] { secret }.Concat(fallbacks).Select(s => SHA1.HashData(Encoding.UTF8.GetBytes(KeySalt + s)))];

    /// <summary>The JSON carried by <paramref name="sessionData"/>, or <see cref="BadSignatureException"/>.</summary>
    public string Decode(string sessionData)
    {
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(sessionData);
        }
        catch (FormatException ex)
        {
            throw new BadSignatureException("Neither signed nor legacy base64 session data.", ex);
        }
        // "hash, serialized = encoded_data.split(b':', 1)": the first ':' ends the hash.
        var colon = Array.IndexOf(raw, (byte)':');
        if (colon < 0)
        {
            throw new BadSignatureException("Legacy session data has no ':'.");
        }
        var serialized = raw.AsSpan(colon + 1);
        if (!Matches(raw.AsSpan(0, colon), serialized))
        {
            throw new BadSignatureException("Legacy session hash does not match.");
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(serialized);
        }
        catch (DecoderFallbackException ex)
        {
            throw new BadSignatureException("Legacy session data is not UTF-8.", ex);
        }
    }

    /// <summary>
    /// Django's <c>constant_time_compare(hash.decode(), expected_hash)</c>: the whole lower-case hexdigest, byte for
    /// byte, in constant time. A shorter or longer hash never matches, whatever it is a prefix of.
    /// </summary>
    private bool Matches(ReadOnlySpan<byte> given, ReadOnlySpan<byte> serialized)
    {
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        Span<byte> expected = stackalloc byte[HexDigestLength];
        var matched = false;
        foreach (var key in _keys)
        {
            HMACSHA1.HashData(key, serialized, mac);
            Encoding.ASCII.GetBytes(Convert.ToHexStringLower(mac).AsSpan(), expected);
            matched |= CryptographicOperations.FixedTimeEquals(expected, given);
        }
        return matched;
    }
}
