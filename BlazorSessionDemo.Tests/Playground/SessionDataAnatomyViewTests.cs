using System.Text.Json.Nodes;
using BlazorSessionDemo.Components.Pages.Playground;
using Bunit;
using DjangoSessions.Engines.SignedCookies;
using DjangoSessions.Signing;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Playground;

/// <summary>
/// The anatomy of <c>session_data</c>, over values written by the real codecs (the ones the app registers, built with
/// a fixed secret and a frozen clock): each part is what <c>django.core.signing</c> put there, and the verdict and the
/// server's answer are the real codec's, including for a tampered copy.
/// </summary>
public sealed class SessionDataAnatomyViewTests : IDisposable
{
    private const string Secret = "anatomy-tests-only-secret-0123456789-abcdefghij";
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero);

    private readonly BunitContext ui = new();
    private readonly CapturingLoggerProvider logs = new();
    private readonly SessionDataCodec codec;
    private readonly SignedCookieCodec cookieCodec;

    public SessionDataAnatomyViewTests()
    {
        var time = new FakeTimeProvider(Now);
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        codec = new SessionDataCodec(new DjangoSigner(Secret, [], SessionDataCodec.Salt, time), loggers, new LegacySessionHash(Secret, []));
        cookieCodec = new SignedCookieCodec(Secret, [], time, loggers);
        ui.Services.AddSingleton(codec);
        ui.Services.AddSingleton(cookieCodec);
    }

    public void Dispose() => ui.Dispose();

    private IReadOnlyList<CapturedLog> Corrupted =>
        [.. logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith("Session data corrupted"))];

    private IRenderedComponent<SessionDataAnatomyView> Render(string value, StoredSessionFormat format = StoredSessionFormat.SessionData, bool tampered = false)
    {
        if (tampered)
        {
            ui.Services.GetRequiredService<NavigationManager>().NavigateTo("/session?anatomy=tampered");
        }
        var record = new StoredSessionRecord("django_session row", value, value, null, format);
        return ui.Render<SessionDataAnatomyView>(p => p.Add(c => c.Record, record));
    }

    [Fact]
    public void Render_ShortValue_ShowsUncompressedPayload_Timestamp_Signature_AndTheSalt()
    {
        var value = codec.Encode(new JsonObject { ["a"] = 1 });
        var parts = value.Split(':');

        var view = Render(value);

        Assert.Equal(parts[0], view.Find("#anatomy-payload").TextContent);
        Assert.DoesNotContain("zlib", view.Find("#anatomy-compressed").TextContent);
        // Django's JSONSerializer: json.dumps(..., separators=(",", ":")).
        Assert.Equal("""{"a":1}""", view.Find("#anatomy-payload-json").TextContent);
        Assert.Equal(Base62.Encode(Now.ToUnixTimeSeconds()), view.Find("#anatomy-timestamp").TextContent);
        Assert.Equal($"2026-03-04 12:00:00 UTC (Unix {Now.ToUnixTimeSeconds()})", view.Find("#anatomy-signed-at").TextContent);
        Assert.Equal(parts[2], view.Find("#anatomy-signature").TextContent);
        Assert.Equal(SessionDataCodec.Salt, view.Find("#anatomy-salt").TextContent);
        Assert.Contains("alert-success", view.Find("#anatomy-verdict").ClassList);
        Assert.Equal(1, JsonNode.Parse(view.Find("#anatomy-verdict-answer").TextContent)!["a"]!.GetValue<int>());
        Assert.DoesNotContain(Secret, view.Markup);
        Assert.Empty(Corrupted);
    }

    [Fact]
    public void Render_CompressibleValue_SaysTheDotMeansZlib_AndShowsTheDecompressedJson()
    {
        var data = new JsonObject { ["text"] = new string('x', 500) };
        var value = codec.Encode(data);
        Assert.StartsWith(".", value);

        var view = Render(value);

        Assert.StartsWith(".", view.Find("#anatomy-payload").TextContent);
        Assert.Contains("zlib-compressed", view.Find("#anatomy-compressed").TextContent);
        Assert.True(JsonNode.DeepEquals(data, JsonNode.Parse(view.Find("#anatomy-payload-json").TextContent)));
        Assert.Contains("alert-success", view.Find("#anatomy-verdict").ClassList);
    }

    [Fact]
    public void Render_LegacyValue_ShowsHashAndJson_AndTheHashHolds()
    {
        const string json = """{"user_id":3}""";
        var value = Interop.LegacySessionDataTests.LegacyEncode(Secret, json);

        var view = Render(value);

        Assert.Matches("^[0-9a-f]{40}$", view.Find("#anatomy-legacy-hash").TextContent);
        Assert.Equal(json, view.Find("#anatomy-legacy-json").TextContent);
        Assert.Equal(LegacySessionHash.KeySalt, view.Find("#anatomy-salt").TextContent);
        Assert.Contains("alert-success", view.Find("#anatomy-verdict").ClassList);
        Assert.Empty(view.FindAll("#anatomy-timestamp"));
    }

    [Fact]
    public void Render_ValueSignedUnderAnotherSecret_ReportsTheBadSignature_AndAnEmptySession()
    {
        var foreign = new DjangoSigner("some-other-apps-secret", [], SessionDataCodec.Salt, new FakeTimeProvider(Now)).Dumps("""{"a": 1}""");

        var view = Render(foreign);

        Assert.Equal("""{"a": 1}""", view.Find("#anatomy-payload-json").TextContent);
        Assert.Contains("alert-danger", view.Find("#anatomy-verdict").ClassList);
        Assert.Equal("{}", view.Find("#anatomy-verdict-answer").TextContent);
        Assert.Single(Corrupted);
    }

    [Fact]
    public void Render_Untampered_OffersTheTamperLink_ToThisPageOnly()
    {
        var view = Render(codec.Encode(new JsonObject { ["a"] = 1 }));

        var href = view.Find("#tamper-one-byte").GetAttribute("href")!;
        Assert.Equal("http://localhost/?anatomy=tampered#session-data-anatomy", href);
        Assert.Empty(view.FindAll("#tamper-result"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Render_Tampered_OneCharacterDiffers_TheSignatureFails_AndTheServerAnswersEmpty(bool compressed)
    {
        var value = codec.Encode(new JsonObject { ["user_id"] = compressed ? new string('7', 300) : "3" });

        var view = Render(value, tampered: true);

        var copy = view.Find("#tampered-value").TextContent;
        Assert.Equal(value.Length, copy.Length);
        Assert.Single(Enumerable.Range(0, value.Length), i => value[i] != copy[i]);
        Assert.True(copy.IndexOf(':') > Enumerable.Range(0, value.Length).First(i => value[i] != copy[i]), "the payload changed");
        Assert.Contains("alert-success", view.Find("#anatomy-verdict").ClassList);
        Assert.Contains("alert-danger", view.Find("#tamper-verdict").ClassList);
        Assert.Equal("{}", view.Find("#tamper-verdict-answer").TextContent);
        Assert.Contains("Signature does not match", Assert.Single(Corrupted).Message);
    }

    [Fact]
    public void Render_TamperedLegacyValue_TheHashFails()
    {
        var view = Render(Interop.LegacySessionDataTests.LegacyEncode(Secret, """{"user_id":3}"""), tampered: true);

        Assert.Contains("alert-danger", view.Find("#tamper-verdict").ClassList);
        Assert.Equal("{}", view.Find("#tamper-verdict-answer").TextContent);
        Assert.Contains("hash does not match", Assert.Single(Corrupted).Message);
    }

    [Fact]
    public void Render_SignedCookie_IsTheSession_UnderItsOwnSalt_AndATamperedCopyIsNoSession()
    {
        var cookie = cookieCodec.Encode("abcdefghijklmnopqrstuvwxyz012345", new JsonObject { ["cart"] = 2 });

        var view = Render(cookie, StoredSessionFormat.SignedCookie, tampered: true);

        Assert.Contains("the cookie", view.Find("#anatomy-heading").TextContent);
        Assert.Equal(SignedCookieCodec.Salt, view.Find("#anatomy-salt").TextContent);
        Assert.Contains("\"_sid\"", view.Find("#anatomy-payload-json").TextContent);
        Assert.Equal(2, JsonNode.Parse(view.Find("#anatomy-verdict-answer").TextContent)!["cart"]!.GetValue<int>());
        Assert.Contains("alert-danger", view.Find("#tamper-verdict").ClassList);
        Assert.Equal("{}", view.Find("#tamper-verdict-answer").TextContent);
    }

    [Fact]
    public void Render_Junk_IsUnrecognized_AndAnEmptySession()
    {
        var view = Render("not-a-session-value");

        Assert.Contains("Not in a format Django writes", view.Find("#anatomy-intro").TextContent);
        Assert.Contains("alert-danger", view.Find("#anatomy-verdict").ClassList);
        Assert.Equal("{}", view.Find("#anatomy-verdict-answer").TextContent);
    }
}
