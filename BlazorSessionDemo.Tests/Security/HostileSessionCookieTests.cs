using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// A session cookie the server never issued, on every engine, through the whole app: a planted well-formed key is
/// never adopted (session fixation, ASVS 5.0 V7.2.4), and hostile values (empty, path traversal, 4 KB, SQL, Unicode,
/// NUL) are no session at all: never a 500, never a stored entry, never a file outside the session folder.
/// </summary>
public sealed class HostileSessionCookieTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    /// <summary>Raw cookie values as they would arrive in a Cookie header (ASP.NET Core percent-decodes values).</summary>
    public static readonly string[] HostileValues =
    [
        "",
        "a/b",
        "..\\x",
        "../../../../../../tmp/bsd-planted",
        "..%2F..%2F..%2Fbsd-planted",
        "aaaaaaaaaaaaaaa/../aaaaaaaaaaaaaa",
        "aaaaaaaaaaaaaaaa\\..\\aaaaaaaaaaaaa",
        new string('a', 4096),
        "x'%20OR%20'1'='1",
        "1'%3B%20DROP%20TABLE%20django_session%3B--",
        "%C3%A9t%C3%A9aaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ключ-сессии-ключ-сессии-ключ-сес",
        "%E2%80%AEaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa%00",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
    ];

    [Theory]
    [MemberData(nameof(EngineApp.AllEngines), MemberType = typeof(EngineApp))]
    public async Task HostileCookieValues_AreNoSession_NeverAnError_NeverStored(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        using var client = app.CreateClient(handleCookies: false);
        var before = Snapshot(app.Database.Folder, app.SessionFolder);

        foreach (var value in HostileValues)
        {
            var me = await SendAsync(client, HttpMethod.Get, "/api/me", value);
            var page = await SendAsync(client, HttpMethod.Get, "/session_test/", value);

            Assert.True(me.StatusCode == HttpStatusCode.Unauthorized, $"{engine} /api/me with '{Shorten(value)}': {(int)me.StatusCode}");
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{engine} /session_test/ with '{Shorten(value)}': {(int)page.StatusCode}");
            Assert.DoesNotContain(SetCookie.All(me.Headers).Concat(SetCookie.All(page.Headers)),
                c => c.Name == AuthClient.CookieName && c.Value.Length > 0);
        }

        Assert.Equal(0, await app.CountStoredAsync());
        Assert.Equal(before, Snapshot(app.Database.Folder, app.SessionFolder));
    }

    [Theory]
    [MemberData(nameof(EngineApp.AllEngines), MemberType = typeof(EngineApp))]
    public async Task LoginWithHostileOrPlantedCookie_IssuesAFreshKey_AndStoresOnlyThatSession(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        using var client = app.CreateClient(handleCookies: false);
        // Well-formed but never issued: what an attacker would plant to fix the victim's session.
        string[] cookies = [SessionKeys.Generate(), .. HostileValues.Take(8)];

        foreach (var planted in cookies)
        {
            var stored = await app.CountStoredAsync();
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/login")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { email = "alice@example.com", password = "alice-password" }),
            };
            request.Headers.TryAddWithoutValidation("Cookie", $"{AuthClient.CookieName}={planted}");

            var login = await client.SendAsync(request);

            Assert.True(login.StatusCode == HttpStatusCode.OK, $"{engine} login with '{Shorten(planted)}': {(int)login.StatusCode}");
            var issued = AuthClient.SessionKeyOf(login);
            Assert.NotEqual(planted, issued);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/me", issued)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Get, "/api/me", planted)).StatusCode);
            // Only the issued session was stored, nothing under the planted value.
            Assert.Equal(stored + app.EntriesPerSession, await app.CountStoredAsync());
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Post, "/api/logout", issued)).StatusCode);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string cookieValue)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Cookie", $"{AuthClient.CookieName}={cookieValue}");
        return client.SendAsync(request);
    }

    /// <summary>Every file under the app's temp folder, except the session folder's own session files and SQLite's journal.</summary>
    private static string Snapshot(string root, string sessionFolder) => string.Join("\n",
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !(Path.GetDirectoryName(f) == sessionFolder && SessionKeys.IsWellFormed(Path.GetFileName(f)[AuthClient.CookieName.Length..])))
            .Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal));

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
