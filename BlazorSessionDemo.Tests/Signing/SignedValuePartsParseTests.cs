using DjangoSessions.Signing;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// <see cref="SignedValueParts.Parse"/> at the edges of TimestampSigner.unsign's <c>rsplit(':', 1)</c> twice: an empty
/// payload before the timestamp's ':' is a payload (empty), a value whose only ':' is its first character has no
/// timestamp part.
/// </summary>
public sealed class SignedValuePartsParseTests
{
    [Fact]
    public void Parse_EmptyPayload_GivesEmptyPayloadTimestampAndSignature()
    {
        var parts = SignedValueParts.Parse(":1:sig");

        Assert.NotNull(parts);
        Assert.Equal("", parts.Payload);
        Assert.Equal("1", parts.Timestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1), parts.SignedAt);
        Assert.Equal("sig", parts.Signature);
        Assert.Equal(":1", parts.SignedText);
        Assert.Equal("", parts.PayloadJson);
        Assert.False(parts.IsCompressed);
    }

    [Theory]
    [InlineData(":")]
    [InlineData(":sig")]
    public void Parse_OnlyColonIsTheFirstCharacter_IsNull(string value) => Assert.Null(SignedValueParts.Parse(value));

    [Fact]
    public void Parse_EmptyTimestampAndSignature_AreEmptyParts()
    {
        var parts = SignedValueParts.Parse("e30::");

        Assert.NotNull(parts);
        Assert.Equal("e30", parts.Payload);
        Assert.Equal("", parts.Timestamp);
        Assert.Null(parts.SignedAt);
        Assert.Equal("", parts.Signature);
        Assert.Equal("{}", parts.PayloadJson);
    }

    [Fact]
    public void Parse_PayloadWithColons_KeepsThemInThePayload()
    {
        var parts = SignedValueParts.Parse("a:b:c:1:sig");

        Assert.NotNull(parts);
        Assert.Equal("a:b:c", parts.Payload);
        Assert.Equal("1", parts.Timestamp);
        Assert.Equal("sig", parts.Signature);
    }
}
