using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Tests.MultiNode;

/// <summary>
/// The wire form of events between nodes. Whoever can publish on the channel (anyone with access to the shared Redis)
/// is an input source: anything this code would not have written is dropped, and no message carries a session key.
/// </summary>
public sealed class SessionEventMessageTests
{
    private const string Fingerprint = "0123456789ab";

    [Theory]
    [InlineData(SessionEventKind.Created, null)]
    [InlineData(SessionEventKind.Ended, SessionEndReason.Revoked)]
    [InlineData(SessionEventKind.Expired, SessionEndReason.Expired)]
    [InlineData(SessionEventKind.Activity, null)]
    public void ToJson_TryParse_RoundTrips(SessionEventKind kind, SessionEndReason? reason)
    {
        var message = new SessionEventMessage("node-a", new SessionEvent(kind, Fingerprint, "42", reason));

        Assert.Equal(message, SessionEventMessage.TryParse(message.ToJson()));
    }

    [Fact]
    public void ToJson_CarriesTheFingerprint_NeverMore()
    {
        var json = new SessionEventMessage("node-a", new SessionEvent(SessionEventKind.Created, Fingerprint, "7")).ToJson();

        Assert.Equal("""{"O":"node-a","K":"Created","F":"0123456789ab","U":"7"}""", json);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"O":"x","K":"Ended"}""")]
    [InlineData("""{"O":"","K":"Ended","F":"0123456789ab"}""")]
    [InlineData("""{"K":"Ended","F":"0123456789ab"}""")]
    [InlineData("""{"O":"x","K":"Deleted","F":"0123456789ab"}""")]
    [InlineData("""{"O":"x","K":"1","F":"0123456789ab"}""")]
    [InlineData("""{"O":"x","K":"99","F":"0123456789ab"}""")]
    [InlineData("""{"O":"x","K":"Ended","F":"0123456789AB"}""")]
    [InlineData("""{"O":"x","K":"Ended","F":"0123456789a"}""")]
    [InlineData("""{"O":"x","K":"Ended","F":""}""")]
    [InlineData("""{"O":"x","K":"Ended","F":"0123456789ab","R":"Forever"}""")]
    [InlineData("""{"O":"x","K":"Ended","F":"0123456789ab","R":"7"}""")]
    [InlineData("""{"O":"x","K":"Ended","F":"0123456789ab","U":1}""")]
    [InlineData("""{"O":"x","K":3,"F":"0123456789ab"}""")]
    public void TryParse_AnythingThisCodeWouldNotWrite_IsDropped(string json)
    {
        Assert.Null(SessionEventMessage.TryParse(json));
    }

    [Fact]
    public void TryParse_OversizedMessage_IsDropped()
    {
        var padded = $$"""{"O":"x","K":"Ended","F":"{{Fingerprint}}","U":"{{new string('1', 600)}}"}""";

        Assert.Null(SessionEventMessage.TryParse(padded));
    }

    [Fact]
    public void TryParse_UserIdLongerThanTheCatalogKeeps_IsDropped()
    {
        var json = $$"""{"O":"x","K":"Created","F":"{{Fingerprint}}","U":"{{new string('1', 65)}}"}""";

        Assert.Null(SessionEventMessage.TryParse(json));
        Assert.NotNull(SessionEventMessage.TryParse(json.Replace(new string('1', 65), new string('1', 64))));
    }
}
