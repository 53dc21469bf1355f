using DjangoSessions.Engines.SignedCookies;
using DjangoSessions.Signing;
using BlazorSessionDemo.Tests.Security;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// Issue 18, item 1, on the engine where the cookie is the session: through HTTP, a staff <c>user_id</c> payload signed
/// with an attacker's key and given each of the 64 one-character signatures, a valid cookie with its signature cut to
/// every shorter length, and every single-character change of that signature all load as no session.
/// </summary>
public sealed class SignedCookieForgeryTests : IAsyncLifetime
{
    private SignedCookiesTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SignedCookiesTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ForgedStaffPayload_WithEveryOneCharacterSignature_IsNoSession()
    {
        var attacker = new DjangoSigner("an-attackers-own-secret-key-0123456789-zyxwvu", [], SignedCookieCodec.Salt, TimeProvider.System);
        var (forgedValue, _) = SignatureTruncationTests.Split(attacker.Dumps($$"""{"user_id":3,"{{SignedCookieCodec.SessionIdKey}}":"{{SessionKeys.Generate()}}"}"""));

        foreach (var c in SignatureTruncationTests.Base64UrlAlphabet)
        {
            Assert.Equal("(none)", await UserIdAsync(forgedValue + ":" + c));
        }
    }

    [Fact]
    public async Task ValidCookie_TruncatedOrChangedSignature_IsNoSession()
    {
        var written = await _host.SendAsync(HttpMethod.Post, "/write?value=mine");
        var cookie = SetCookie.Find(written.Headers, "sessionid")!.Value;
        var (value, signature) = SignatureTruncationTests.Split(cookie);
        Assert.Equal("\"mine\"", await GetAsync(cookie, "h1"));

        for (var length = 0; length < signature.Length; length++)
        {
            Assert.Equal("(none)", await GetAsync(value + ":" + signature[..length], "h1"));
        }
        for (var position = 0; position < signature.Length; position++)
        {
            // One change per position here (the signer tests try every character): the next one in the alphabet.
            var alphabet = SignatureTruncationTests.Base64UrlAlphabet;
            var changed = signature[..position] + alphabet[(alphabet.IndexOf(signature[position]) + 1) % alphabet.Length] + signature[(position + 1)..];
            Assert.Equal("(none)", await GetAsync(value + ":" + changed, "h1"));
        }
    }

    private Task<string> UserIdAsync(string cookie) => GetAsync(cookie, "user_id");

    private async Task<string> GetAsync(string cookie, string name)
    {
        var response = await _host.SendAsync(HttpMethod.Get, $"/get?name={name}", cookie);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
