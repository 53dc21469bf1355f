using System.Net;
using System.Text.RegularExpressions;

namespace BlazorSessionDemo.Tests.SettingsPage;

/// <summary>
/// <c>/settings</c> through the whole app: every Django setting by name, the engine in use, and no secret, ever — the
/// page is public and SECRET_KEY (like Django's) would let anyone forge a session.
/// </summary>
public sealed class SettingsPageTests
{
    // Test-only values, long enough for the app's SECRET_KEY check; the page must show neither.
    private const string Secret = "settings-page-test-secret-3f9a1c7e5b2d4a6f8e0c";
    private const string Fallback = "settings-page-test-fallback-9e8d7c6b5a4f3e2d1c0b";
    private const string RedisPassword = "settings-page-test-redis-password";

    public static readonly TheoryData<string> DjangoNames =
    [
        "SESSION_ENGINE", "SESSION_COOKIE_NAME", "SESSION_COOKIE_AGE", "SESSION_COOKIE_PATH", "SESSION_COOKIE_DOMAIN",
        "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SESSION_SAVE_EVERY_REQUEST", "SESSION_FILE_PATH", "SESSION_CACHE_ALIAS", "SESSION_REDIS_HOST", "SESSION_REDIS_PORT",
        "SESSION_REDIS_DB", "SESSION_REDIS_PASSWORD", "SESSION_REDIS_PREFIX", "SECRET_KEY",
    ];

    [Theory]
    [MemberData(nameof(DjangoNames))]
    public async Task Page_NamesEachDjangoSetting_AsARowHeader(string djangoName)
    {
        var html = await GetSettingsAsync([]);

        Assert.Contains($"<th scope=\"row\"><code>{djangoName}</code></th>", html);
    }

    [Fact]
    public async Task Page_ShowsActiveValues_NotJustDefaults()
    {
        var html = await GetSettingsAsync(new()
        {
            ["Session:CookieName"] = "demo_sid",
            ["Session:CookieAge"] = "300",
            ["Session:SaveEveryRequest"] = "true",
            ["Session:CleanupInterval"] = "00:10:00",
        });

        Assert.Equal("demo_sid", ActiveValue(html, "Session:CookieName"));
        Assert.Equal("300 (00:05:00)", ActiveValue(html, "Session:CookieAge"));
        Assert.Equal("True", ActiveValue(html, "Session:SaveEveryRequest"));
        Assert.Equal("every 00:10:00", ActiveValue(html, "Session:CleanupInterval"));
        Assert.Equal("True", ActiveValue(html, "Session:Enabled"));
    }

    [Fact]
    public async Task Page_ByDefault_ShowsDjangosTwoWeeks()
    {
        var html = await GetSettingsAsync([]);

        Assert.Equal("1209600 (14 days)", ActiveValue(html, "Session:CookieAge"));
        Assert.Equal("db", ActiveValue(html, "Session:Engine"));
    }

    [Fact]
    public async Task Page_ShowsTheActiveEngine_WithDjangosDottedPath()
    {
        var html = await GetSettingsAsync(new() { ["Session:Engine"] = "cache" });

        Assert.Contains("<strong id=\"engine\">cache</strong>", html);
        Assert.Contains("django.contrib.sessions.backends.cache", html);
    }

    [Fact]
    public async Task Page_NeverShowsSecrets_OnlyThatTheyAreSet()
    {
        var html = await GetSettingsAsync(new()
        {
            ["Session:SecretKey"] = Secret,
            ["Session:SecretKeyFallbacks:0"] = Fallback,
            ["Session:Redis:Password"] = RedisPassword,
            ["Session:Redis:Configuration"] = $"127.0.0.1:6379,password={RedisPassword}",
        });

        Assert.DoesNotContain(Secret, html);
        Assert.DoesNotContain(Fallback, html);
        Assert.DoesNotContain(RedisPassword, html);
        Assert.Equal("set", ActiveValue(html, "Session:SecretKey"));
        Assert.Equal("set (1)", ActiveValue(html, "Session:SecretKeyFallbacks"));
        Assert.Equal("set", ActiveValue(html, "Session:Redis:Password"));
        Assert.Equal("set", ActiveValue(html, "Session:Redis:Configuration"));
    }

    [Fact]
    public async Task Page_WithoutOptionalSecrets_SaysNotSet()
    {
        var html = await GetSettingsAsync([]);

        Assert.Equal("not set", ActiveValue(html, "Session:Redis:Password"));
        Assert.Equal("not set", ActiveValue(html, "Session:SecretKeyFallbacks"));
    }

    [Fact]
    public async Task Page_MarksAChangedValue_WithTheDjangoDefaultBesideIt()
    {
        var html = await GetSettingsAsync(new() { ["Session:CookieName"] = "demo_sid" });

        var row = Regex.Match(html, "data-setting=\"Session:CookieName\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains(">changed</span>", row);
        Assert.Contains("(Django: <code>&#x27;sessionid&#x27;</code>)", row);
        var untouched = Regex.Match(html, "data-setting=\"Session:CookiePath\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.DoesNotContain(">changed</span>", untouched);
    }

    [Fact]
    public async Task Page_NeverShowsTheConnectionString()
    {
        await using var app = new AppFactory();
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/settings");

        Assert.DoesNotContain(app.Database.Folder, html);
        Assert.StartsWith("set", ActiveValue(html, "ConnectionStrings:Default"));
    }

    [Fact]
    public async Task Page_SetsNoSessionCookie()
    {
        await using var app = new AppFactory();
        using var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync("/settings");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
    }

    /// <summary>The text of the "Active value" cell in the row of <paramref name="configKey"/>.</summary>
    private static string ActiveValue(string html, string configKey)
    {
        var match = Regex.Match(html, $"data-setting=\"{Regex.Escape(configKey)}\".*?<span class=\"active-value\">(.*?)</span>", RegexOptions.Singleline);
        Assert.True(match.Success, $"No row for {configKey}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static async Task<string> GetSettingsAsync(Dictionary<string, string?> settings)
    {
        await using var app = new AppFactory(settings);
        using var client = app.CreateClient();
        return await client.GetStringAsync("/settings");
    }
}
