using System.Text.Json.Nodes;
using DjangoSessions.Engines.SignedCookies;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// The codec keeps the cookies it verified (<see cref="VerifiedCookies"/>): a request asks about its cookie several
/// times (load, catalog id, login fingerprint) and the next request sends the same one. Kept must change nothing a
/// client can see: a kept cookie still ages out at exactly <c>max_age</c> (TimestampSigner's "age > max_age"), what
/// fails is never kept and warns every time, and what the public API hands out is the caller's own copy.
/// </summary>
public sealed class SignedCookieVerifiedMemoTests : IDisposable
{
    private readonly SignedCookieTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task AKeptCookie_AgesOutAtTheSameInstantAsAFreshCheck()
    {
        var age = _bed.Settings.Cookie.CookieAge;
        // An expiry date far past max_age: only TimestampSigner's age check ends this cookie.
        var session = await _bed.LoadAsync(null);
        session["user_id"] = 1;
        session.SetExpiry(_bed.Time.GetUtcNow().AddSeconds(10.0 * age));
        await session.SaveAsync();
        var cookie = session.SessionKey!;
        Assert.NotNull(await _bed.Engine.LoadAsync(cookie));
        Assert.Equal(1, _bed.Engine.Codec.Verified.Count);
        // Signed in whole seconds: move to one second before the last one a fresh check accepts, then step.
        _bed.Time.Advance(TimeSpan.FromSeconds(age - 1));

        var live = new List<bool>();
        for (var step = 0; step < 4; step++)
        {
            var fresh = _bed.CreateEngine(SignedCookieTestBed.Secret);
            var freshLoads = await fresh.LoadAsync(cookie) is not null;
            Assert.Equal(freshLoads, await _bed.Engine.LoadAsync(cookie) is not null);
            live.Add(freshLoads);
            Assert.Equal(fresh.StableIdOf(cookie), _bed.Engine.StableIdOf(cookie));
            _bed.Time.Advance(TimeSpan.FromSeconds(0.5));
        }
        Assert.Equal([true, true, true, false], live);
        Assert.Null(await _bed.Engine.LoadAsync(cookie));
        // Aged out is still a correctly signed cookie of that session: enough to revoke it.
        Assert.NotNull(_bed.Engine.StableIdOf(cookie));
    }

    [Fact]
    public async Task ATamperedCookie_IsNeverKept_AndWarnsOnEveryLoad()
    {
        var cookie = (await _bed.SaveNewAsync(("user_id", 1))).SessionKey!;
        var tampered = cookie[..^2] + (cookie[^2] == 'A' ? 'B' : 'A') + cookie[^1];

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await _bed.Engine.LoadAsync(tampered));
        }

        Assert.Equal(3, _bed.SecurityWarnings.Count());
        Assert.Equal(0, _bed.Engine.Codec.Verified.Count);
    }

    [Fact]
    public async Task WhatThePublicApiHandsOut_IsTheCallersOwnCopy()
    {
        var cookie = (await _bed.SaveNewAsync(("cart", new JsonArray(1, 2)))).SessionKey!;
        var codec = _bed.Engine.Codec;

        codec.Open(cookie, _bed.Settings.Cookie.CookieAge)!.Data["cart"]!.AsArray().Add(3);
        codec.Verify(cookie)!.Data["extra"] = true;
        (await _bed.Engine.LoadAsync(cookie))!.Remove("cart");
        var session = await _bed.LoadAsync(cookie);
        session["cart"]!.AsArray().Add(4);

        Assert.Equal("""{"cart":[1,2]}""", codec.Open(cookie, _bed.Settings.Cookie.CookieAge)!.Data.ToJsonString());
        Assert.Equal("""{"cart":[1,2]}""", (await _bed.Engine.LoadAsync(cookie))!.ToJsonString());
    }

    [Fact]
    public async Task ARevokedKeptCookie_NoLongerLoads()
    {
        var cookie = (await _bed.SaveNewAsync(("user_id", 1))).SessionKey!;
        Assert.NotNull(await _bed.Engine.LoadAsync(cookie));

        await _bed.Engine.DeleteAsync(cookie);

        Assert.Null(await _bed.Engine.LoadAsync(cookie));
        Assert.Equal(1, _bed.Engine.Codec.Verified.Count);
    }

    /// <summary>The form check, against the split-based one it replaced, on strings made of the characters that matter.</summary>
    [Fact]
    public void IsWellFormed_AgreesWithTheSplitBasedCheck_OnRandomStrings()
    {
        var random = new Random(16);
        const string alphabet = "::..aZ09-_+!/= ";
        for (var i = 0; i < 20_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            Assert.True(SplitBased(text) == SignedCookieCodec.IsWellFormed(text), text);
        }
        Assert.True(SignedCookieCodec.IsWellFormed(".eJy:1a2B:x-_y"));
        Assert.False(SignedCookieCodec.IsWellFormed(null));
        Assert.False(SignedCookieCodec.IsWellFormed("a:1:" + new string('b', SignedCookieCodec.MaxLength)));
    }

    private static bool SplitBased(string value)
    {
        static bool IsBase64Url(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        if (string.IsNullOrEmpty(value) || value.Length > SignedCookieCodec.MaxLength)
        {
            return false;
        }
        var parts = value.Split(':');
        return parts.Length == 3
            && IsBase64Url(parts[0].StartsWith('.') ? parts[0][1..] : parts[0])
            && parts[1].Length > 0 && parts[1].All(char.IsAsciiLetterOrDigit)
            && IsBase64Url(parts[2]);
    }
}
