using System.Text.Json.Nodes;
using DjangoSessions.Engines.SignedCookies;
using DjangoSessions.Signing;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Signing;

/// <summary>
/// The signed_cookies engine's limits: a cookie value of up to 4096 characters (what a browser keeps) opens, a longer
/// one is no session even when its signature holds; a cookie is gone at exactly its max age (or its own expiry), as a
/// database session is at its expire_date. A correctly signed payload that is not a JSON object is a security event.
/// </summary>
public sealed class SignedCookieCodecLimitTests : IDisposable
{
    private const string Secret = "signed-cookie-codec-limit-tests-secret-0123456789";
    private const int CookieAge = 1209600;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly LoggerFactory _loggers;
    private readonly SignedCookieCodec _codec;

    public SignedCookieCodecLimitTests()
    {
        _loggers = new LoggerFactory([_logs]);
        _codec = new SignedCookieCodec(Secret, [], _time, _loggers);
    }

    public void Dispose() => _loggers.Dispose();

    private IReadOnlyList<CapturedLog> SecurityWarnings =>
        [.. _logs.Entries.Where(e => e.Category == SessionDataCodec.SecurityLogCategory && e.Level == LogLevel.Warning)];

    private static string SessionId => new('k', SessionKeys.Length);

    /// <summary>A cookie holding <paramref name="length"/> characters of hard-to-compress text, signed now.</summary>
    private string CookieWithText(int length)
    {
        var random = new Random(20260304);
        var text = new string([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(' ', '~' + 1))]);
        return _codec.Encode(SessionId, new JsonObject { ["text"] = text });
    }

    [Fact]
    public void Open_CookieOfExactly4096Characters_Opens_AndALongerOneIsNoSession()
    {
        var exact = Enumerable.Range(3000, 1200).Select(CookieWithText).FirstOrDefault(c => c.Length == SignedCookieCodec.MaxLength);
        Assert.NotNull(exact);
        var longer = Enumerable.Range(3000, 1200).Select(CookieWithText).First(c => c.Length > SignedCookieCodec.MaxLength);

        Assert.True(SignedCookieCodec.IsWellFormed(exact));
        Assert.Equal(SessionId, _codec.Open(exact, CookieAge)?.SessionId);
        Assert.False(SignedCookieCodec.IsWellFormed(longer));
        Assert.Null(_codec.Open(longer, CookieAge));
        Assert.Null(_codec.Verify(longer));
        Assert.Empty(SecurityWarnings);
    }

    [Fact]
    public void Open_ValueThatIsNoSignedCookie_IsNoSession_WithoutASecurityWarning()
    {
        // A db-engine session key left from before a switch of engines: not a tampered cookie, just not one.
        Assert.Null(_codec.Open("abcdefghijklmnopqrstuvwxyz012345", CookieAge));
        Assert.Null(_codec.Verify("abcdefghijklmnopqrstuvwxyz012345"));
        Assert.Empty(SecurityWarnings);
    }

    [Fact]
    public void Open_AtExactlyTheCookieAge_IsNoSession_AndOneSecondBeforeItIs()
    {
        var cookie = _codec.Encode(SessionId, new JsonObject { ["user_id"] = 3 });

        _time.Advance(TimeSpan.FromSeconds(CookieAge - 1));
        Assert.NotNull(_codec.Open(cookie, CookieAge));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_codec.Open(cookie, CookieAge));
        Assert.Empty(SecurityWarnings);
    }

    [Fact]
    public void Open_AtExactlyTheSessionsOwnExpirySeconds_IsNoSession()
    {
        var cookie = _codec.Encode(SessionId, new JsonObject { ["user_id"] = 3, [DjangoSession.ExpiryKey] = 300 });

        _time.Advance(TimeSpan.FromSeconds(299));
        Assert.NotNull(_codec.Open(cookie, CookieAge));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_codec.Open(cookie, CookieAge));
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("\"a string\"")]
    public void Open_SignedPayloadThatIsNotAJsonObject_IsNoSession_AndLogsWhy(string json)
    {
        var cookie = new DjangoSigner(Secret, [], SignedCookieCodec.Salt, _time).Dumps(json);

        Assert.Null(_codec.Open(cookie, CookieAge));
        var warning = Assert.Single(SecurityWarnings);
        Assert.Equal(1001, warning.EventId.Id);
        Assert.Equal("Session data corrupted: payload is not a JSON object", warning.Message);
    }

    [Fact]
    public void Open_SignedPayloadThatIsNotJson_IsNoSession_AndLogsASecurityWarning()
    {
        var cookie = new DjangoSigner(Secret, [], SignedCookieCodec.Salt, _time).Dumps("{\"_sid\":");

        Assert.Null(_codec.Verify(cookie));
        var warning = Assert.Single(SecurityWarnings);
        Assert.Equal(1001, warning.EventId.Id);
        Assert.StartsWith("Session data corrupted: ", warning.Message);
    }
}
