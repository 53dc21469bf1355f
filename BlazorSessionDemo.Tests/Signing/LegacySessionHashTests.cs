using System.Security.Cryptography;
using System.Text;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// Django's pre-3.1 session data, <c>base64(salted_hmac(sha1).hexdigest() + ":" + json)</c>, read under SECRET_KEY and
/// each of SECRET_KEY_FALLBACKS. What fails is an empty session and a security warning that says why. The data here
/// is built independently of the code under test (<see cref="LegacyEncode"/>).
/// </summary>
public sealed class LegacySessionHashTests : IDisposable
{
    private const string Secret = "legacy-hash-tests-current-secret-0123456789";
    private const string OldSecret = "legacy-hash-tests-retired-secret-9876543210";

    private readonly CapturingLoggerProvider _logs = new();
    private readonly LoggerFactory _loggers;

    public LegacySessionHashTests() => _loggers = new LoggerFactory([_logs]);

    public void Dispose() => _loggers.Dispose();

    /// <summary>The legacy format over raw JSON bytes: key SHA1(key_salt + secret), HMAC-SHA1 hexdigest, ':', the bytes.</summary>
    private static string LegacyEncode(string secret, byte[] json)
    {
        var key = SHA1.HashData(Encoding.UTF8.GetBytes("django.contrib.sessionsSessionStore" + secret));
        var hash = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA1.HashData(key, json)) + ":");
        return Convert.ToBase64String([.. hash, .. json]);
    }

    private static string LegacyEncode(string secret, string json) => LegacyEncode(secret, Encoding.UTF8.GetBytes(json));

    private SessionDataCodec Codec(string secret, params string[] fallbacks) =>
        new(new DjangoSigner(secret, fallbacks, SessionDataCodec.Salt, TimeProvider.System), _loggers, new LegacySessionHash(secret, fallbacks));

    private string SingleSecurityWarning() =>
        Assert.Single(_logs.Entries, e => e.Category == SessionDataCodec.SecurityLogCategory && e.Level == LogLevel.Warning).Message;

    [Fact]
    public void Decode_DataHashedUnderAFallbackKey_IsRead_AsUnderTheCurrentKey()
    {
        var hash = new LegacySessionHash(Secret, [OldSecret]);

        Assert.Equal("""{"user_id":3}""", hash.Decode(LegacyEncode(OldSecret, """{"user_id":3}""")));
        Assert.Equal("""{"user_id":4}""", hash.Decode(LegacyEncode(Secret, """{"user_id":4}""")));
        Assert.Throws<BadSignatureException>(() => hash.Decode(LegacyEncode("some-other-apps-secret", """{"user_id":3}""")));
    }

    [Fact]
    public void Decode_KeyListedBothAsSecretAndAsFallback_StillVerifies()
    {
        // Rotation settings that keep the current key among the fallbacks too: two keys match, which is still a match.
        var hash = new LegacySessionHash(Secret, [Secret, OldSecret, OldSecret]);

        Assert.Equal("""{"user_id":3}""", hash.Decode(LegacyEncode(Secret, """{"user_id":3}""")));
        Assert.Equal("""{"user_id":5}""", hash.Decode(LegacyEncode(OldSecret, """{"user_id":5}""")));
    }

    [Fact]
    public void Decode_HashedBytesThatAreNotUtf8_IsEmpty_AndLogsWhy()
    {
        // The hash holds, but the payload has a lone 0xff: Django's json.loads fails on it and _legacy_decode returns {}.
        var data = LegacyEncode(Secret, [.. "{\"a\":\""u8, 0xff, .. "\"}"u8]);

        Assert.Empty(Codec(Secret).Decode(data));
        Assert.Contains("not UTF-8", SingleSecurityWarning());
    }

    [Fact]
    public void Decode_NeitherSignedNorBase64_LogsThatItIsNotBase64()
    {
        Assert.Empty(Codec(Secret).Decode("not base64 at all!"));
        Assert.Contains("base64", SingleSecurityWarning());
    }

    [Fact]
    public void Decode_Base64WithoutAColon_LogsThatTheColonIsMissing()
    {
        Assert.Empty(Codec(Secret).Decode(Convert.ToBase64String("no colon here"u8)));
        Assert.Contains("no ':'", SingleSecurityWarning());
    }

    [Fact]
    public void Decode_EmptyHashBeforeTheColon_IsAHashMismatch()
    {
        // "hash, serialized = encoded_data.split(b':', 1)" gives an empty hash, which never matches a hexdigest.
        Assert.Empty(Codec(Secret).Decode(Convert.ToBase64String(""":{"user_id":1}"""u8)));
        Assert.Contains("hash does not match", SingleSecurityWarning());
    }

    [Fact]
    public void Decode_HashFromAnotherSecret_LogsAHashMismatch()
    {
        Assert.Empty(Codec(Secret).Decode(LegacyEncode("some-other-apps-secret", """{"user_id":1}""")));
        Assert.Contains("hash does not match", SingleSecurityWarning());
    }
}
