using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DjangoSessions.Signing;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// Django's <c>Signer.signature</c> written out independently of <see cref="DjangoSigner"/>: base64url (unpadded) of
/// HMAC-SHA256 keyed with SHA256(salt + "signer" + secret). Lets a test sign a value that <c>dumps</c> never writes
/// (no timestamp, a bad timestamp, a payload that is not base64), so <c>loads</c> gets past the signature check.
/// </summary>
internal static class DjangoSignerReference
{
    public const string Secret = "django-signer-reference-secret-0123456789-abcdef";
    public const string Salt = "django.core.signing";

    public static DjangoSigner Signer(TimeProvider time) => new(Secret, [], Salt, time);

    public static string Signature(string value)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(Salt + "signer" + Secret));
        return Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));
    }

    /// <summary><paramref name="value"/> + ':' + its signature, as <c>Signer.sign</c> writes it.</summary>
    public static string Sign(string value) => value + ":" + Signature(value);
}
