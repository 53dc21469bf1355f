using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BlazorSessionDemo.Security;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// Django's CSRF origin rule on the JSON API (ASVS 5.0 V3.5.1, OWASP CSRF cheat sheet "Fetch Metadata" and "verifying
/// origin"): a state-changing <c>/api</c> request that a browser marks cross-site (<c>Sec-Fetch-Site</c>), or whose
/// <c>Origin</c> is neither this site nor in <c>Csrf:TrustedOrigins</c>, is refused with 403 before the session is
/// touched; requests without either header (curl) keep working. The test server's own origin is http://localhost.
/// </summary>
public sealed class ApiCsrfTests
{
    private const string Evil = "https://evil.example";

    [Fact]
    public async Task CrossSiteTextPlainLogout_IsRefused403_AndTheUserStaysLoggedIn()
    {
        await using var app = new AppFactory();
        using var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).StatusCode);

        // What fetch(".../api/logout", {method: "POST", mode: "no-cors", credentials: "include"}) on another site sends:
        // a "simple" request (text/plain, no preflight) that carries the victim's cookie.
        var logout = await client.SendAsync(Request(HttpMethod.Post, "/api/logout", Evil, "cross-site", "", "text/plain"));

        Assert.Equal(HttpStatusCode.Forbidden, logout.StatusCode);
        Assert.StartsWith("CSRF verification failed", await ErrorOf(logout));
        Assert.Null(SetCookie.Find(logout.Headers, AuthClient.CookieName));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [InlineData(Evil, null)]                       // an older browser: Origin only
    [InlineData(null, "cross-site")]                // Fetch Metadata only
    [InlineData("null", null)]                      // a sandboxed frame or a data: URL: opaque origin
    [InlineData("http://localhost:8080", null)]     // another port is another origin
    [InlineData("https://localhost", null)]         // another scheme is another origin
    [InlineData("http://app.localhost", "same-site")] // same site, other origin, not trusted
    [InlineData("http://localhost", "cross-site")]  // the browser's word wins over a matching Origin
    public async Task Logout_FromAnotherOrigin_IsRefused(string? origin, string? fetchSite)
    {
        await using var app = new AppFactory();
        using var client = app.CreateBrowserLikeClient();
        await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password");

        var logout = await client.SendAsync(Request(HttpMethod.Post, "/api/logout", origin, fetchSite));

        Assert.Equal(HttpStatusCode.Forbidden, logout.StatusCode);
        Assert.StartsWith("CSRF verification failed", await ErrorOf(logout));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task CrossSiteLogin_IsRefused403_WithoutASession()
    {
        await using var app = new AppFactory();
        using var client = app.CreateBrowserLikeClient();

        var login = await client.SendAsync(Request(HttpMethod.Post, "/api/login", Evil, "cross-site",
            """{"email":"alice@example.com","password":"alice-password"}""", "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.StartsWith("CSRF verification failed", await ErrorOf(login));
        Assert.Null(SetCookie.Find(login.Headers, AuthClient.CookieName));
        Assert.Equal(0, await app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task SameOriginBrowserRequests_AreAccepted()
    {
        await using var app = new AppFactory();
        using var client = app.CreateBrowserLikeClient();

        var login = await client.SendAsync(Request(HttpMethod.Post, "/api/login", "http://localhost", "same-origin",
            """{"email":"alice@example.com","password":"alice-password"}""", "application/json"));
        var logout = await client.SendAsync(Request(HttpMethod.Post, "/api/logout", "http://localhost", "same-origin"));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal("1 logout ok.", await logout.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("https://app.example.com", "same-site")]
    [InlineData("https://app.example.com", "cross-site")]
    [InlineData("https://eu.shop.example", "cross-site")] // matches the wildcard entry
    [InlineData("https://shop.example", "cross-site")]    // so does the bare domain, as Django's is_same_domain
    public async Task TrustedOrigin_IsAccepted(string origin, string fetchSite)
    {
        await using var app = TrustingApp();
        using var client = app.CreateBrowserLikeClient();

        var login = await client.SendAsync(Request(HttpMethod.Post, "/api/login", origin, fetchSite,
            """{"email":"alice@example.com","password":"alice-password"}""", "application/json"));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Theory]
    [InlineData("http://app.example.com")]   // the trusted entry is https
    [InlineData("https://app.example.com:8443")]
    [InlineData("https://eu.shop.example:8443")]
    [InlineData("https://evilshop.example")]
    public async Task NearlyTrustedOrigin_IsRefused(string origin)
    {
        await using var app = TrustingApp();
        using var client = app.CreateBrowserLikeClient();

        var login = await client.SendAsync(Request(HttpMethod.Post, "/api/login", origin, "cross-site",
            """{"email":"alice@example.com","password":"alice-password"}""", "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
    }

    [Fact]
    public async Task ReadmeCurlFlow_WithoutOriginOrFetchMetadata_StillWorks()
    {
        await using var app = new AppFactory();
        using var curl = app.CreateBrowserLikeClient();

        var login = await curl.PostAsync("/api/login", new StringContent(
            """{"email":"alice@example.com","password":"alice-password"}""", Encoding.UTF8, "application/json"));
        var test1 = await curl.GetAsync("/api/test1");
        var me = await curl.GetAsync("/api/me");
        var logout = await curl.PostAsync("/api/logout", null);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("test1 ok", await test1.Content.ReadAsStringAsync());
        Assert.Equal("alice", (await me.Content.ReadFromJsonAsync<JsonObject>())?["name"]?.GetValue<string>());
        Assert.Equal("1 logout ok.", await logout.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CrossSiteGet_IsNotACsrfMatter()
    {
        await using var app = new AppFactory();
        using var client = app.CreateBrowserLikeClient();

        var test1 = await client.SendAsync(Request(HttpMethod.Get, "/api/test1", Evil, "cross-site"));

        Assert.Equal(HttpStatusCode.BadRequest, test1.StatusCode); // the endpoint's own answer: not logged in
    }

    [Theory]
    [InlineData("app.example.com")]             // Django 4.0+: entries must start with a scheme
    [InlineData("ftp://app.example.com")]
    [InlineData("https://app.example.com/path")]
    [InlineData("https://")]
    [InlineData("https://*")]
    public void TrustedOrigins_WithABadEntry_StopTheApp(string entry)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Csrf:TrustedOrigins:0"] = entry }).Build();
        var services = new ServiceCollection().AddApiCsrfProtection(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CsrfSettings>>().Value);

        Assert.Contains("Csrf:TrustedOrigins", error.Message);
    }

    private static AppFactory TrustingApp() => new(new()
    {
        ["Csrf:TrustedOrigins:0"] = "https://app.example.com",
        ["Csrf:TrustedOrigins:1"] = "https://*.shop.example",
    });

    private static HttpRequestMessage Request(HttpMethod method, string path, string? origin, string? fetchSite,
        string? body = null, string contentType = "text/plain")
    {
        var request = new HttpRequestMessage(method, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
            request.Headers.Add("Sec-Fetch-Mode", "navigate");
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }
        return request;
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())?["error"]?.GetValue<string>() ?? "";
}
