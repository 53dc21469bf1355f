using System.Globalization;
using BlazorSessionDemo.Tests.Engines.Redis;
using static BlazorSessionDemo.Tests.Playground.PlaygroundPage;

namespace BlazorSessionDemo.Tests.Playground;

/// <summary>
/// The stored-record view of <c>/session</c> on every engine (switched by <c>Session:Engine</c> alone, as in
/// EngineMatrixTests): where the record lives, its raw text, its expiry, and the data decoded with the engine's codec.
/// </summary>
public sealed class SessionPlaygroundEngineTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    public static TheoryData<string, string> Engines => new()
    {
        { "db", "django_session row" },
        { "cache", "cache entry 'django.contrib.sessions.cache" },
        { "cached_db", "django_session row" },
        { "file", "file " },
        { "signed_cookies", "the cookie itself" },
        { "redis", "redis key 'playground-" },
    };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task RecordView_ShowsWhereAndRaw_AndDecodesTheData(string engine, string location)
    {
        await using var app = StartApp(engine);
        var client = app.CreateBrowserLikeClient();

        var set = await SetAsync(client, "k", """{"a":[1,2]}""");
        var cookie = SessionCookie(set)!.Value;
        var html = await FollowAsync(client, set);

        Assert.StartsWith(location, Text(html, "record-location"));
        Assert.Equal(cookie, Text(html, "cookie-value"));
        var raw = Text(html, "record-raw")!;
        Assert.NotEmpty(raw);
        // Signed, never plain: the value itself must not appear in what is stored.
        Assert.DoesNotContain("[1,2]", raw);
        Assert.Equal("""{"a":[1,2]}""", Decoded(html)["k"]!.ToJsonString());
        var expires = Text(html, "record-expire")!;
        Assert.True(DateTimeOffset.TryParseExact(expires, "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var date), expires);
        Assert.True(date > DateTimeOffset.UtcNow, expires);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task RecordView_AfterFlush_ShowsNoRecord_AndTheOldCookieFindsNothing(string engine, string location)
    {
        await using var app = StartApp(engine);
        var client = app.CreateBrowserLikeClient();
        var cookie = SessionCookie(await SetAsync(client, "k", "1"))!.Value;

        var html = await FollowAsync(client, await PostAsync(client, "flush"));

        Assert.NotNull(Text(html, "no-session"));
        Assert.NotNull(Text(html, "no-record"));
        Assert.Null(await LoadAsync(app, cookie));
        Assert.NotEmpty(location);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task PageGet_WithoutCookie_StoresNothing_AndSetsNoCookie(string engine, string location)
    {
        await using var app = StartApp(engine);
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync(PagePath);
        var html = await response.Content.ReadAsStringAsync();

        Assert.NotNull(Text(html, "no-session"));
        Assert.Null(SessionCookie(response));
        Assert.Equal(0, await app.Database.CountSessionsAsync());
        Assert.DoesNotContain(location, html);
    }

    private AppFactory StartApp(string engine)
    {
        var app = AppFactory.OnEngine(engine, redis.Host, redis.Port, $"playground-{Guid.NewGuid():N}");
        return app;
    }
}
