using System.Buffers.Text;
using System.Text;
using DjangoSessions.Signing;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// <c>signing.loads</c>' refusals, each a <see cref="BadSignatureException"/> (Django's BadSignature) saying which check
/// failed: no ':' at all, a signature that does not match, a correctly signed value without a usable timestamp, a
/// payload that is not base64url or zlib, and (SignatureExpired) a value older than max_age.
/// </summary>
public sealed class DjangoSignerMessagesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static DjangoSigner Signer(TimeProvider? time = null) => DjangoSignerReference.Signer(time ?? new FakeTimeProvider(Now));

    private static string Timestamp => Base62.Encode(Now.ToUnixTimeSeconds());

    [Fact]
    public void ReferenceSignature_IsTheSignatureDumpsWrites()
    {
        var signed = Signer().Dumps("""{"a":1}""");
        var at = signed.LastIndexOf(':');

        Assert.Equal(DjangoSignerReference.Sign(signed[..at]), signed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("eyJhIjoxfQ")]
    public void Loads_ValueWithoutColon_RaisesBadSignature_NoColonFound(string value)
    {
        var ex = Assert.Throws<BadSignatureException>(() => Signer().Loads(value));

        Assert.Equal("No ':' found in value.", ex.Message);
    }

    [Fact]
    public void Loads_SignatureFromAnotherKey_RaisesBadSignature_SignatureDoesNotMatch()
    {
        var other = new DjangoSigner("another-secret-key-0123456789-abcdefghijklmnop", [], DjangoSignerReference.Salt, new FakeTimeProvider(Now));
        var signed = other.Dumps("""{"a":1}""");

        var ex = Assert.Throws<BadSignatureException>(() => Signer().Loads(signed));

        Assert.Equal("Signature does not match.", ex.Message);
    }

    [Theory]
    [InlineData("""{"a":1}""")]
    [InlineData("")]  // ":<signature of nothing>": its only ':' is the first character, which still separates a signature
    public void Loads_SignedValueWithoutTimestamp_RaisesBadSignature_TimestampMissing(string json)
    {
        // Signer.sign (no timestamp) output: TimestampSigner.unsign finds no second ':'.
        var signed = DjangoSignerReference.Sign(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json)));

        var ex = Assert.Throws<BadSignatureException>(() => Signer().Loads(signed));

        Assert.Equal("Timestamp missing or malformed.", ex.Message);
    }

    [Theory]
    [InlineData("!")]           // not base62
    [InlineData("")]            // empty
    [InlineData("-")]           // a sign without digits
    [InlineData("-15p4dBB")]    // a second before 0001-01-01
    [InlineData("4SbCEFs")]     // a second after 9999-12-31T23:59:59
    public void Loads_SignedValueWithMalformedTimestamp_RaisesBadSignature_TimestampMalformed(string timestamp)
    {
        var signed = DjangoSignerReference.Sign(Base64Url.EncodeToString("""{"a":1}"""u8) + ":" + timestamp);

        var ex = Assert.Throws<BadSignatureException>(() => Signer().Loads(signed));

        Assert.Equal("Timestamp missing or malformed.", ex.Message);
    }

    [Fact]
    public void Loads_SignedPayloadNotBase64_RaisesBadSignature_WithTheFormatError()
    {
        var signed = DjangoSignerReference.Sign("!!!!:" + Timestamp);

        var ex = Assert.Throws<BadSignatureException>(() => Signer().Loads(signed));

        Assert.Equal("Signed payload is not valid base64 or zlib data.", ex.Message);
        Assert.IsType<FormatException>(ex.InnerException);
    }

    [Fact]
    public void Loads_SignedCompressedPayloadNotZlib_RaisesBadSignature_WithTheZlibError()
    {
        // '.' marks zlib; the bytes after it are plain JSON.
        var signed = DjangoSignerReference.Sign("." + Base64Url.EncodeToString("""{"a":1}"""u8) + ":" + Timestamp);

        var ex = Assert.Throws<BadSignatureException>(() => Signer().Loads(signed));

        Assert.Equal("Signed payload is not valid base64 or zlib data.", ex.Message);
        Assert.IsType<InvalidDataException>(ex.InnerException);
    }

    [Fact]
    public void Loads_ValueOlderThanMaxAge_RaisesSignatureExpired_WithAgeAndLimit()
    {
        var time = new FakeTimeProvider(Now);
        var signed = Signer(time).Dumps("""{"a":1}""");
        time.Advance(TimeSpan.FromSeconds(15));

        var ex = Assert.Throws<SignatureExpiredException>(() => Signer(time).Loads(signed, TimeSpan.FromSeconds(10)));

        Assert.Equal("Signature age 15 > 10 seconds", ex.Message);
        Assert.IsAssignableFrom<BadSignatureException>(ex);
    }

    [Fact]
    public void Loads_SignedPayloadAndTimestamp_GivesThePayloadAndSigningMoment()
    {
        var json = """{"a":1}""";
        var signed = DjangoSignerReference.Sign(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json)) + ":" + Timestamp);

        Assert.Equal(json, Signer().Loads(signed, TimeSpan.FromSeconds(10), out var signedAt));
        Assert.Equal(Now, signedAt);
    }
}
