using System.Text;
using System.Text.Json.Nodes;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Interop;

/// <summary>
/// Byte-level agreement with real Django 3.2 output (see <see cref="DjangoVectors"/>): decoding, re-encoding at the
/// same timestamp, the JSON serializer, tamper detection, and the signed_cookies engine's salt.
/// </summary>
public sealed class DjangoVectorTests
{
    public static TheoryData<string> AllVectors => [.. DjangoVectors.All.Select(v => v.SessionKey)];

    public static TheoryData<string> UncompressedVectors => [.. DjangoVectors.All.Where(v => !v.IsCompressed).Select(v => v.SessionKey)];

    public static TheoryData<string> CompressedVectors => [.. DjangoVectors.All.Where(v => v.IsCompressed).Select(v => v.SessionKey)];

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void Decode_DjangoSessionData_GivesTheVectorsData(string sessionKey)
    {
        var vector = DjangoVectors.Get(sessionKey);

        var decoded = Codec(TimeProvider.System).Decode(vector.SessionData);

        AssertSameJson(vector.Data, decoded);
    }

    [Theory]
    [MemberData(nameof(UncompressedVectors))]
    public void Encode_AtTheVectorsTimestamp_IsByteIdenticalToDjango(string sessionKey)
    {
        var vector = DjangoVectors.Get(sessionKey);

        var encoded = Codec(ClockAt(vector.Timestamp)).Encode(vector.CopyData());

        Assert.Equal(vector.SessionData, encoded);
    }

    [Theory]
    [MemberData(nameof(CompressedVectors))]
    public void Encode_CompressedVector_CarriesTheSameJsonAndDecodesBack(string sessionKey)
    {
        var vector = DjangoVectors.Get(sessionKey);
        var codec = Codec(ClockAt(vector.Timestamp));

        var encoded = codec.Encode(vector.CopyData());

        // Django compressed it; here JSON under SessionDataCodec.CompressFrom bytes is written uncompressed (never
        // offered to zlib), which Django's loads reads as well. Longer JSON is compressed, though .NET's zlib is not
        // CPython's, so the compressed bytes (and thus the signature) may differ; what they carry may not.
        var json = DjangoVectors.PayloadJson(vector.SessionData);
        Assert.Equal(Encoding.UTF8.GetByteCount(json) >= SessionDataCodec.CompressFrom, encoded.StartsWith('.'));
        Assert.Equal(json, DjangoVectors.PayloadJson(encoded));
        Assert.Equal(vector.Timestamp, encoded.Split(':')[1]);
        AssertSameJson(vector.Data, codec.Decode(encoded));
    }

    [Fact]
    public void CompressedVectors_AreOnBothSidesOfTheThreshold()
    {
        // So the theory above checks both the uncompressed write of short JSON and the compressed write of long JSON.
        var sizes = DjangoVectors.All.Where(v => v.IsCompressed).Select(v => Encoding.UTF8.GetByteCount(DjangoVectors.PayloadJson(v.SessionData))).ToList();
        Assert.Contains(sizes, size => size < SessionDataCodec.CompressFrom);
        Assert.Contains(sizes, size => size >= SessionDataCodec.CompressFrom);
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void PythonJsonSerialize_IsByteIdenticalToDjangosPayload(string sessionKey)
    {
        var vector = DjangoVectors.Get(sessionKey);

        Assert.Equal(DjangoVectors.PayloadJson(vector.SessionData), PythonJson.Serialize(vector.Data));
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void Decode_OneSignatureCharacterChanged_IsEmptyWithSecurityWarning(string sessionKey)
    {
        var vector = DjangoVectors.Get(sessionKey);
        var signatureAt = vector.SessionData.LastIndexOf(':') + 1;
        var original = vector.SessionData[signatureAt];
        var tampered = vector.SessionData[..signatureAt] + (original == 'A' ? 'B' : 'A') + vector.SessionData[(signatureAt + 1)..];
        using var log = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([log]);

        var decoded = Codec(TimeProvider.System, loggers).Decode(tampered);

        Assert.Empty(decoded);
        var warning = Assert.Single(log.Entries);
        Assert.Equal(SessionDataCodec.SecurityLogCategory, warning.Category);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void SignedCookie_VerifiesWithTheSignedCookiesSalt(string sessionKey)
    {
        var vector = DjangoVectors.Get(sessionKey);
        var signer = new DjangoSigner(DjangoVectors.SecretKey, [], DjangoVectors.SignedCookiesSalt, TimeProvider.System);

        var json = signer.Loads(vector.SignedCookie);

        Assert.Equal(PythonJson.Serialize(vector.Data), json);
        AssertSameJson(vector.Data, JsonNode.Parse(json));
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void SignedCookie_DoesNotVerifyWithTheDbEngineSalt(string sessionKey)
    {
        var vector = DjangoVectors.Get(sessionKey);
        var signer = new DjangoSigner(DjangoVectors.SecretKey, [], SessionDataCodec.Salt, TimeProvider.System);

        // The salt namespaces signatures: a cookie value can't be replayed as session_data, nor the reverse.
        Assert.Throws<BadSignatureException>(() => signer.Loads(vector.SignedCookie));
    }

    private static SessionDataCodec Codec(TimeProvider time, ILoggerFactory? loggers = null) =>
        new(new DjangoSigner(DjangoVectors.SecretKey, [], SessionDataCodec.Salt, time), loggers ?? NullLoggerFactory.Instance);

    /// <summary>A clock stopped at the base62 Unix time Django wrote into the signed value.</summary>
    private static FakeTimeProvider ClockAt(string base62Timestamp)
    {
        Assert.True(Base62.TryDecode(base62Timestamp, out var seconds), $"'{base62Timestamp}' is not base62.");
        return new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    private static void AssertSameJson(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual {actual?.ToJsonString()}");
}
