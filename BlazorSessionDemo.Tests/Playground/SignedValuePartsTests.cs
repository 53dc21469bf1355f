using System.Text;
using DjangoSessions.Signing;

namespace BlazorSessionDemo.Tests.Playground;

/// <summary><see cref="SignedValueParts"/> splits as <c>TimestampSigner.unsign</c> does and never throws on hostile input.</summary>
public sealed class SignedValuePartsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("no-colon")]
    [InlineData("one:colon")]
    public void Parse_WithoutTwoSeparators_IsNull(string value) => Assert.Null(SignedValueParts.Parse(value));

    [Fact]
    public void Parse_SplitsOnTheLastTwoColons()
    {
        var parts = SignedValueParts.Parse("eyJhIjoxfQ:1:sig")!;

        Assert.Equal("eyJhIjoxfQ", parts.Payload);
        Assert.Equal("1", parts.Timestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1), parts.SignedAt);
        Assert.Equal("sig", parts.Signature);
        Assert.Equal("eyJhIjoxfQ:1", parts.SignedText);
        Assert.Equal("""{"a":1}""", parts.PayloadJson);
    }

    [Theory]
    [InlineData("!!!:1:s")]          // not base64url
    [InlineData(".eyJhIjoxfQ:1:s")]  // a '.' on data that is not zlib
    public void Parse_UndecodablePayload_HasNoJson(string value) => Assert.Null(SignedValueParts.Parse(value)!.PayloadJson);

    [Fact]
    public void Parse_ZlibBomb_IsNotInflatedPastTheLimit()
    {
        using var buffer = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(buffer, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            zlib.Write(Encoding.ASCII.GetBytes(new string(' ', SignedValueParts.MaxShownPayloadBytes + 1)));
        }
        var payload = "." + System.Buffers.Text.Base64Url.EncodeToString(buffer.ToArray());

        Assert.Null(SignedValueParts.Parse(payload + ":1:s")!.PayloadJson);
    }

    [Fact]
    public void Parse_TimestampNotBase62_HasNoDate() => Assert.Null(SignedValueParts.Parse("e30:!:s")!.SignedAt);
}
