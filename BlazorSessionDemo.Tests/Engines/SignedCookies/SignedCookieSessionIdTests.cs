using System.Text.Json.Nodes;
using DjangoSessions.Engines.SignedCookies;
using BlazorSessionDemo.Tests.Interop;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// The session id hidden in the payload: stable across re-signing, new on cycle_key, never visible through the dict
/// API, and derived from the cookie itself for cookies real Django wrote (which have none).
/// </summary>
public sealed class SignedCookieSessionIdTests : IDisposable
{
    private readonly SignedCookieTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task SessionId_IsInThePayload_ButNotInKeysOrItems()
    {
        var session = await _bed.SaveNewAsync(("cat", "dog"));

        var payload = PayloadOf(session.SessionKey!);
        var loaded = await _bed.LoadAsync(session.SessionKey);

        Assert.Matches("^[a-z0-9]{32}$", payload[SignedCookieCodec.SessionIdKey]!.GetValue<string>());
        Assert.Equal(["cat"], loaded.Keys);
        Assert.Equal(["cat"], loaded.Items.Select(p => p.Key));
        Assert.Equal(1, loaded.Count);
    }

    [Fact]
    public async Task SessionId_StaysTheSameAcrossSaves()
    {
        var session = await _bed.SaveNewAsync(("n", 1));
        var first = session.SessionKey!;
        _bed.Time.Advance(TimeSpan.FromSeconds(5));

        var next = await _bed.LoadAsync(first);
        next["n"] = 2;
        await next.SaveAsync();

        Assert.NotEqual(first, next.SessionKey);
        Assert.Equal(SessionIdOf(first), SessionIdOf(next.SessionKey!));
    }

    [Fact]
    public async Task CycleKey_GivesANewSessionId()
    {
        var session = await _bed.SaveNewAsync(("n", 1));
        var before = SessionIdOf(session.SessionKey!);

        await session.CycleKeyAsync();

        Assert.NotEqual(before, SessionIdOf(session.SessionKey!));
    }

    [Fact]
    public async Task Save_AppValueUnderTheReservedName_IsRefused()
    {
        var session = await _bed.LoadAsync(null);
        session[SignedCookieCodec.SessionIdKey] = "mine";

        var error = await Assert.ThrowsAsync<ArgumentException>(() => session.SaveAsync());

        Assert.Contains("reserved", error.Message);
    }

    [Fact]
    public async Task DjangoCookie_WithoutSessionId_LoadsAndKeepsAnIdDerivedFromIt_SoRevokingTheResavedCookieEndsBoth()
    {
        var vector = DjangoVectors.Get("frf9305t841k093kh30irxjdf59l0ztx");
        using var bed = new SignedCookieTestBed(SignedAt(vector.SignedCookie).AddMinutes(1));
        var django = bed.CreateEngine(DjangoVectors.SecretKey);
        var session = new DjangoSessions.DjangoSession(django, bed.Settings, bed.Time, vector.SignedCookie);
        await session.LoadAsync();
        Assert.Equal("alice", session.Get<string>("username"));

        session["visits"] = 1;
        await session.SaveAsync();
        var resaved = session.SessionKey!;
        var derivedId = SessionIdOf(resaved);
        await session.FlushAsync();

        Assert.Matches("^[a-z0-9]{32}$", derivedId);
        Assert.Null(await django.LoadAsync(vector.SignedCookie));
        Assert.Null(await django.LoadAsync(resaved));
    }

    private static JsonObject PayloadOf(string cookie) => JsonNode.Parse(DjangoVectors.PayloadJson(cookie))!.AsObject();

    private static string SessionIdOf(string cookie) => PayloadOf(cookie)[SignedCookieCodec.SessionIdKey]!.GetValue<string>();

    private static DateTimeOffset SignedAt(string cookie)
    {
        Assert.True(DjangoSessions.Signing.Base62.TryDecode(cookie.Split(':')[1], out var seconds));
        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }
}
