using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Faults;

/// <summary>
/// The app process dies and comes back: a logged-in user is still logged in on every engine that stores sessions
/// outside the process (db, cached_db, file, redis) or in the cookie itself (signed_cookies), because the generated
/// session secret and the data protection key ring are kept on disk. The <c>cache</c> engine (process memory, as
/// Django's locmem cache) loses its sessions: the user is simply anonymous, without an error.
/// </summary>
public sealed partial class RestartTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Theory]
    [InlineData(SessionEngineNames.Db)]
    [InlineData(SessionEngineNames.CachedDb)]
    [InlineData(SessionEngineNames.File)]
    [InlineData(SessionEngineNames.Redis)]
    [InlineData(SessionEngineNames.SignedCookies)]
    public async Task LoggedInUser_IsStillLoggedInAfterTheAppProcessRestarts(string engine)
    {
        await using var app = await AppServerProcess.StartAsync(engine, engine == SessionEngineNames.Redis ? redis.Host : null, redis.Port);
        var browser = new Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.PostAsJsonAsync(app.Url("/api/login"),
            new { email = "alice@example.com", password = "alice-password" })).StatusCode);
        // The backend page's logout form: its antiforgery token is protected with the data protection key ring.
        var logoutToken = await browser.LogoutTokenAsync(app);

        await app.RestartAsync();

        var me = await browser.Http.GetAsync(app.Url("/api/me"));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("alice", JsonNode.Parse(await me.Content.ReadAsStringAsync())?["name"]?.GetValue<string>());
        Assert.Contains("hello alice", await browser.Http.GetStringAsync(app.Url("/backend")));
        // A form rendered before the restart is still accepted after it: the key ring was kept too.
        var logout = await browser.Http.PostAsync(app.Url("/logout"), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = logoutToken }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync(app.Url("/api/me"))).StatusCode);
        AssertNoErrorLogged(app);
    }

    [Fact]
    public async Task CacheEngine_AfterTheAppProcessRestarts_UserIsAnonymous_WithoutAnError()
    {
        await using var app = await AppServerProcess.StartAsync(SessionEngineNames.Cache);
        var browser = new Browser();
        var login = await browser.Http.PostAsJsonAsync(app.Url("/api/login"), new { email = "alice@example.com", password = "alice-password" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(app.Url("/api/me"))).StatusCode);

        await app.RestartAsync();

        var me = await browser.Http.GetAsync(app.Url("/api/me"));
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        // The cookie names a session the new process never had: it is removed, not answered with an error.
        Assert.True(SetCookie.Find(me.Headers, AuthClient.CookieName)?.IsDeletion, "the stale session cookie is deleted");
        var backend = await browser.Http.GetAsync(app.Url("/backend"));
        Assert.Equal(HttpStatusCode.Redirect, backend.StatusCode);
        Assert.StartsWith("/login", backend.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.PostAsJsonAsync(app.Url("/api/login"),
            new { email = "alice@example.com", password = "alice-password" })).StatusCode);
        AssertNoErrorLogged(app);
    }

    [Fact]
    public async Task GeneratedSecretAndKeyRing_AreKeptInTheAppsFolder_AndReusedAfterRestart()
    {
        await using var app = await AppServerProcess.StartAsync(SessionEngineNames.Db);
        var browser = new Browser();
        await browser.Http.PostAsJsonAsync(app.Url("/api/login"), new { email = "alice@example.com", password = "alice-password" });
        await browser.LogoutTokenAsync(app);
        var secretFile = Path.Combine(app.Folder, "App_Data", "session-secret.key");
        var keyRing = Path.Combine(app.Folder, "App_Data", "DataProtection-Keys");
        var secret = await File.ReadAllTextAsync(secretFile);
        var keys = Directory.GetFiles(keyRing, "key-*.xml");

        await app.RestartAsync();
        await browser.LogoutTokenAsync(app);

        Assert.Equal(secret, await File.ReadAllTextAsync(secretFile));
        Assert.NotEmpty(keys);
        Assert.Equal(keys, Directory.GetFiles(keyRing, "key-*.xml"));
    }

    private static void AssertNoErrorLogged(AppServerProcess app)
    {
        // The console logger writes "fail:" / "crit:" for Error and Critical entries (unhandled exceptions among them).
        Assert.DoesNotContain("fail:", app.Output);
        Assert.DoesNotContain("crit:", app.Output);
    }

    /// <summary>A browser's cookie jar across restarts (cookies are per host, not per port, as in browsers).</summary>
    private sealed partial class Browser
    {
        public HttpClient Http { get; } = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });

        public async Task<string> LogoutTokenAsync(AppServerProcess app)
        {
            var page = await Http.GetStringAsync(app.Url("/backend"));
            var token = TokenPattern().Match(page);
            Assert.True(token.Success, "no antiforgery token on /backend");
            return WebUtility.HtmlDecode(token.Groups[1].Value);
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();
    }
}
