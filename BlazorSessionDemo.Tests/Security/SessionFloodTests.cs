using System.Net;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// No flooding (Django's CVE-2015-5143 and CVE-2015-5963/5964): anonymous requests with made-up session cookies, and
/// anonymous logouts, create nothing server-side and set no session cookie, on every engine. Deleting a cookie that
/// named nothing is allowed (Django does that too); issuing one is not. A real logged-in session lives through it.
/// </summary>
public sealed class SessionFloodTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const int Requests = 10_000;
    private const int Parallelism = 8;

    [Theory]
    [MemberData(nameof(EngineApp.AllEngines), MemberType = typeof(EngineApp))]
    public async Task TenThousandRandomCookies_AndTenThousandAnonymousLogouts_StoreNothing_SetNoCookie(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        using var alice = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(alice, "alice@example.com", "alice-password")).StatusCode);
        using var client = app.CreateClient(handleCookies: false);
        var (antiforgeryCookie, token) = await SessionForms.AntiforgeryAsync(client, "/login");
        var stored = await app.CountStoredAsync();
        var issued = 0;

        await Parallel.ForAsync(0, Requests, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            // Mostly well-formed keys, which reach the store; every tenth is garbage, which must not.
            var cookie = i % 10 == 0 ? Guid.NewGuid().ToString() : SessionKeys.Generate();
            var read = new HttpRequestMessage(HttpMethod.Get, "/api/test1");
            read.Headers.Add("Cookie", $"{AuthClient.CookieName}={cookie}");
            var readResponse = await client.SendAsync(read);
            Assert.Equal(HttpStatusCode.BadRequest, readResponse.StatusCode);

            var logout = i % 2 == 0 ? FormLogout(antiforgeryCookie, token, i % 4 == 0 ? cookie : null) : ApiLogout(cookie);
            var logoutResponse = await client.SendAsync(logout);
            Assert.Equal(i % 2 == 0 ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized, logoutResponse.StatusCode);

            if (IssuesSessionCookie(readResponse) || IssuesSessionCookie(logoutResponse))
            {
                Interlocked.Increment(ref issued);
            }
        });

        Assert.Equal(0, issued);
        Assert.Equal(stored, await app.CountStoredAsync());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/me")).StatusCode);
    }

    private static bool IssuesSessionCookie(HttpResponseMessage response) =>
        SetCookie.All(response.Headers).Any(c => c.Name == AuthClient.CookieName && c.Value.Length > 0);

    /// <summary>The logout form's POST, with a valid antiforgery token, so the endpoint really runs flush().</summary>
    private static HttpRequestMessage FormLogout(string antiforgeryCookie, string token, string? sessionCookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("Cookie", sessionCookie is null ? antiforgeryCookie : $"{antiforgeryCookie}; {AuthClient.CookieName}={sessionCookie}");
        return request;
    }

    private static HttpRequestMessage ApiLogout(string sessionCookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/logout");
        request.Headers.Add("Cookie", $"{AuthClient.CookieName}={sessionCookie}");
        return request;
    }
}
