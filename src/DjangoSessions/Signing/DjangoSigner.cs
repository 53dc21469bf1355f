using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace DjangoSessions.Signing;

/// <summary>
/// <c>django.core.signing.dumps</c> / <c>loads</c> with <c>TimestampSigner</c> and SHA-256, as Django 3.2+ writes them:
/// <c>base64url(json)</c> (zlib-compressed with a leading <c>.</c> when that is shorter), <c>:</c> base62 Unix time,
/// <c>:</c> base64url(HMAC-SHA256(key = SHA256(salt + "signer" + secret), value)).
/// </summary>
internal sealed class DjangoSigner
{
    private const char Separator = ':';
    // What DateTimeOffset can hold; a signed value carrying a timestamp outside it can't have come from a signer.
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
    public string Dumps(string json)
    {
        var data = Encoding.UTF8.GetBytes(json);
        var compressed = Compress(data);
        // Django: "if len(compressed) < (len(data) - 1)" - only when compression saves more than the '.' costs.
        var payload = compressed.Length < data.Length - 1
            ? "." + Base64Url.EncodeToString(compressed)
            : Base64Url.EncodeToString(data);
        var value = payload + Separator + Base62.Encode(_time.GetUtcNow().ToUnixTimeSeconds());
        return value + Separator + Signature(_signingKey, value);
    }

    /// <summary>signing.loads(max_age=None): the JSON payload, or <see cref="BadSignatureException"/>.</summary>
    public string Loads(string signed) => Loads(signed, maxAge: null, out _);

    /// <summary>
    /// signing.loads(max_age=...): as <see cref="Loads(string)"/>, and a value signed longer ago than
    /// <paramref name="maxAge"/> throws <see cref="SignatureExpiredException"/> (Django's SignatureExpired, a BadSignature).
    /// </summary>
    public string Loads(string signed, TimeSpan? maxAge) => Loads(signed, maxAge, out _);

    /// <summary>signing.loads(max_age=...), also giving the moment the value was signed (its base62 timestamp).</summary>
    public string Loads(string signed, TimeSpan? maxAge, out DateTimeOffset signedAt)
    {
        var sigAt = signed.LastIndexOf(Separator);
        if (sigAt < 0)
        {
            throw new BadSignatureException("No ':' found in value.");
        }
        var value = signed[..sigAt];
        var signature = signed[(sigAt + 1)..];
        if (!_verificationKeys.Any(key => SignatureMatches(key, value, signature)))
        {
            throw new BadSignatureException("Signature does not match.");
        }
        var tsAt = value.LastIndexOf(Separator);
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
        var payload = value[..tsAt];
        try
        {
            return Encoding.UTF8.GetString(SignedPayload.Decode(payload));
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            throw new BadSignatureException("Signed payload is not valid base64 or zlib data.", ex);
        }
    }

    private static byte[] DeriveKey(string salt, string secret) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(salt + "signer" + secret));

    private static string Signature(byte[] key, string value) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));

    private static bool SignatureMatches(byte[] key, string value, string signature) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Signature(key, value)), Encoding.UTF8.GetBytes(signature));

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }
}
