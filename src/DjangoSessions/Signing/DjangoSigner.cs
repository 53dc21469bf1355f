using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace DjangoSessions.Signing;

/// <summary>
/// <c>django.core.signing.dumps</c> / <c>loads</c> with <c>TimestampSigner</c> and SHA-256, as Django 3.2+ writes them:
/// <c>base64url(json)</c> (zlib-compressed with a leading <c>.</c> when that is shorter), <c>:</c> base62 Unix time,
/// <c>:</c> base64url(HMAC-SHA256(key = SHA256(salt + "signer" + secret), value)).
/// The value is built and checked in one pooled buffer, the HMAC and its base64url form on the stack, so the cost of
/// a session's signature follows its bytes rather than a string per step.
/// </summary>
internal sealed class DjangoSigner
{
    private const byte Separator = (byte)':';

    // base64url of the 32 bytes of HMAC-SHA256, unpadded, as Django's base64_hmac writes it.
    private const int SignatureLength = 43;

    // Values up to this many bytes are checked on the stack; longer ones (big sessions) in a pooled array.
    private const int StackBytes = 1024;

    private readonly byte[] _signingKey;
    private readonly byte[][] _verificationKeys;
    private readonly TimeProvider _time;

    /// <param name="secret">SECRET_KEY: signs and verifies.</param>
    /// <param name="fallbacks">SECRET_KEY_FALLBACKS: verify only, so a key rotation does not log everybody out.</param>
    /// <param name="salt">The namespace, e.g. <c>django.contrib.sessions.SessionStore</c>.</param>
    /// <param name="time">The clock that timestamps (and ages) signatures.</param>
    public DjangoSigner(string secret, IEnumerable<string> fallbacks, string salt, TimeProvider time)
    {
        _signingKey = DeriveKey(salt, secret);
        _verificationKeys = [_signingKey, .. fallbacks.Select(f => DeriveKey(salt, f))];
        _time = time;
    }

    /// <summary>signing.dumps(compress=True) over an already serialized JSON payload.</summary>
    public string Dumps(string json) => Dumps(Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// signing.dumps over the UTF-8 bytes of an already serialized JSON payload: with <paramref name="tryCompress"/>
    /// (Django's <c>compress=True</c>) zlib's output is used when shorter; without it zlib is not run at all, which
    /// Django's <c>loads</c> reads just the same.
    /// </summary>
    public string Dumps(ReadOnlySpan<byte> json, bool tryCompress = true)
    {
        var compressed = tryCompress ? Compress(json) : null;
        // Django: "if len(compressed) < (len(data) - 1)" - only when compression saves more than the '.' costs.
        var useCompressed = compressed is not null && compressed.Length < json.Length - 1;
        ReadOnlySpan<byte> payload = useCompressed ? compressed : json;
        Span<byte> timestamp = stackalloc byte[Base62.MaxLength];
        timestamp = timestamp[..Base62.Encode(_time.GetUtcNow().ToUnixTimeSeconds(), timestamp)];

        var valueLength = (useCompressed ? 1 : 0) + Base64Url.GetEncodedLength(payload.Length) + 1 + timestamp.Length;
        var rented = ArrayPool<byte>.Shared.Rent(valueLength + 1 + SignatureLength);
        try
        {
            var signed = rented.AsSpan();
            var at = 0;
            if (useCompressed)
            {
                signed[at++] = (byte)'.';
            }
            at += Base64Url.EncodeToUtf8(payload, signed[at..]);
            signed[at++] = Separator;
            timestamp.CopyTo(signed[at..]);
            at += timestamp.Length;
            signed[at++] = Separator;
            at += WriteSignature(_signingKey, signed[..valueLength], signed[at..]);
            return Encoding.ASCII.GetString(signed[..at]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>signing.loads(max_age=None): the JSON payload, or <see cref="BadSignatureException"/>.</summary>
    public string Loads(string signed) => Loads(signed, maxAge: null, out _);

    /// <summary>
    /// signing.loads(max_age=...): as <see cref="Loads(string)"/>, and a value signed longer ago than
    /// <paramref name="maxAge"/> throws <see cref="SignatureExpiredException"/> (Django's SignatureExpired, a BadSignature).
    /// </summary>
    public string Loads(string signed, TimeSpan? maxAge) => Loads(signed, maxAge, out _);

    /// <summary>signing.loads(max_age=...), also giving the moment the value was signed (its base62 timestamp).</summary>
    public string Loads(string signed, TimeSpan? maxAge, out DateTimeOffset signedAt) =>
        Encoding.UTF8.GetString(LoadsUtf8(signed, maxAge, out signedAt));

    /// <summary>
    /// <see cref="Loads(string, TimeSpan?, out DateTimeOffset)"/> giving the payload's bytes, for a JSON reader that
    /// takes UTF-8 (no string in between).
    /// </summary>
    public byte[] LoadsUtf8(string signed, TimeSpan? maxAge, out DateTimeOffset signedAt)
    {
        var sigAt = signed.LastIndexOf(':');
        if (sigAt < 0)
        {
            throw new BadSignatureException("No ':' found in value.");
        }
        var value = signed.AsSpan(0, sigAt);
        if (!SignatureMatches(value, signed.AsSpan(sigAt + 1)))
        {
            throw new BadSignatureException("Signature does not match.");
        }
        var tsAt = value.LastIndexOf(':');
        if (tsAt < 0 || !Base62.TryDecodeUnixTime(value[(tsAt + 1)..], out signedAt))
        {
            throw new BadSignatureException("Timestamp missing or malformed.");
        }
        // TimestampSigner.unsign: "age = time.time() - timestamp; if age > max_age: raise SignatureExpired".
        var age = _time.GetUtcNow() - signedAt;
        if (maxAge is { } limit && age > limit)
        {
            throw new SignatureExpiredException($"Signature age {age.TotalSeconds} > {limit.TotalSeconds} seconds");
        }
        try
        {
            return SignedPayload.Decode(value[..tsAt]);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            throw new BadSignatureException("Signed payload is not valid base64 or zlib data.", ex);
        }
    }

    /// <summary>
    /// Signer.unsign: <c>constant_time_compare(sig, self.signature(value, key))</c> for the signing key, then each
    /// fallback. Both sides are compared whole and in constant time: a signature of another length, or with any
    /// character outside ASCII (turned into '?', which base64url never contains), can't match.
    /// </summary>
    private bool SignatureMatches(ReadOnlySpan<char> value, ReadOnlySpan<char> signature)
    {
        if (signature.Length != SignatureLength)
        {
            return false;
        }
        Span<byte> given = stackalloc byte[SignatureLength];
        Encoding.ASCII.GetBytes(signature, given);
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var rented = byteCount > StackBytes ? ArrayPool<byte>.Shared.Rent(byteCount) : null;
        try
        {
            Span<byte> valueBytes = rented is null ? stackalloc byte[StackBytes] : rented.AsSpan();
            valueBytes = valueBytes[..Encoding.UTF8.GetBytes(value, valueBytes)];
            Span<byte> expected = stackalloc byte[SignatureLength];
            foreach (var key in _verificationKeys)
            {
                WriteSignature(key, valueBytes, expected);
                if (CryptographicOperations.FixedTimeEquals(expected, given))
                {
                    return true;
                }
            }
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static byte[] DeriveKey(string salt, string secret) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(salt + "signer" + secret));

    /// <summary>base64_hmac: the HMAC on the stack, its base64url form written into <paramref name="destination"/>.</summary>
    private static int WriteSignature(byte[] key, ReadOnlySpan<byte> value, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, value, mac);
        return Base64Url.EncodeToUtf8(mac, destination);
    }

    private static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }
}
