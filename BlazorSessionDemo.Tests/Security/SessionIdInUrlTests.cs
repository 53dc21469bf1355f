using System.Net;
using System.Text.RegularExpressions;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// ASVS 5.0 V7.2.1 / OWASP: the session id travels in the cookie only, never in a URL (where logs, Referer headers and
/// history would keep it). A walk through every page and redirect, logged out, logging in, logged in and logging out,
/// collects each URL the app hands out (Location headers; href, src, action, formaction attributes) and each session
/// key it issued. The demo pages do show the key as text, on purpose; a URL never carries it.
/// </summary>
public sealed partial class SessionIdInUrlTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly string[] Pages = ["/", "/backend", "/session", "/cookies", "/settings", "/session_test/", "/login", "/login?returnUrl=%2Fbackend"];

    [Theory]
    [InlineData("db")]
    [InlineData("signed_cookies")]
    public async Task NoUrlTheAppHandsOut_EverContainsASessionKey(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        using var browser = app.CreateClient();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var urls = new List<string>();

        async Task VisitAsync(Func<Task<HttpResponseMessage>> send)
        {
            var response = await send();
            Assert.True((int)response.StatusCode < 500, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode}");
            keys.UnionWith(SetCookie.All(response.Headers).Where(c => c.Name == AuthClient.CookieName && c.Value.Length > 0).Select(c => c.Value));
            if (response.Headers.Location is { } location)
            {
                urls.Add(location.OriginalString);
            }
            urls.AddRange(UrlAttribute().Matches(await response.Content.ReadAsStringAsync()).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)));
        }

        foreach (var path in Pages)
        {
            await VisitAsync(() => browser.GetAsync(path));
        }
        await VisitAsync(() => AntiforgeryForm.PostAsync(browser, "/session_test/", "write"));
        await VisitAsync(() => AuthClient.FormLoginAsync(browser, "alice", "alice-password", "/login?returnUrl=%2Fsession"));
        foreach (var path in Pages)
        {
            await VisitAsync(() => browser.GetAsync(path));
        }
        await VisitAsync(() => AuthClient.ApiLoginAsync(browser, "bob@example.com", "bob-password"));
        await VisitAsync(() => browser.GetAsync("/backend"));
        await VisitAsync(() => AuthClient.PostLogoutFormAsync(browser));
        await VisitAsync(() => browser.GetAsync("/backend"));

        Assert.True(keys.Count >= 3, $"only {keys.Count} session keys issued");
        Assert.True(urls.Count > 50, $"only {urls.Count} URLs seen");
        foreach (var url in urls)
        {
            Assert.DoesNotContain(keys, key => url.Contains(key, StringComparison.Ordinal)
                || Uri.UnescapeDataString(url).Contains(key, StringComparison.Ordinal));
            Assert.DoesNotContain(AuthClient.CookieName + "=", url, StringComparison.OrdinalIgnoreCase);
        }
    }

    [GeneratedRegex("(?:href|src|action|formaction)\\s*=\\s*\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttribute();
}
