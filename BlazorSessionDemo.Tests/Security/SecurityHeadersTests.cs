using System.Net;
using System.Text;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// Every response, whatever answered it (a page, the API, a static file, an error, a 404), carries
/// <c>X-Content-Type-Options: nosniff</c>, Django's default <c>Referrer-Policy: same-origin</c>, and a
/// Content-Security-Policy that forbids framing by other sites, plugins, foreign scripts and foreign form targets
/// (ASVS 5.0 V3.4.1-V3.4.6; Django's SecurityMiddleware and XFrameOptionsMiddleware).
/// </summary>
public sealed class SecurityHeadersTests : IClassFixture<SecurityHeadersTests.App>
{
    private readonly App _app;

    public SecurityHeadersTests(App app) => _app = app;

    public static TheoryData<string, string, int> Routes => new()
    {
        { "GET", "/", 200 },                           // a static SSR page
        { "GET", "/login", 200 },                      // a page with a form
        { "GET", "/backend", 302 },                    // a redirect to /login
        { "GET", "/session", 200 },                    // an interactive page
        { "GET", "/app.css", 200 },                    // a static file
        { "GET", "/_framework/blazor.web.js", 200 },   // the framework's script
        { "GET", "/no-such-page", 404 },               // the not-found page
        { "GET", "/api/test1", 400 },                  // the API, refused
        { "GET", "/api/me", 401 },                     // the authenticate filter
        { "GET", "/api/no-such-endpoint", 404 },       // an API 404
        { "POST", "/api/login", 400 },                 // bad JSON
        { "POST", "/login", 400 },                     // a form post without its antiforgery token
        { "GET", "/logout", 405 },                     // a wrong method
        { "GET", "/healthz", 200 },                    // health check
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryKindOfResponse_CarriesTheSecurityHeaders(string method, string path, int status)
    {
        using var client = _app.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{", Encoding.UTF8, path.StartsWith("/api", StringComparison.Ordinal)
                ? "application/json" : "application/x-www-form-urlencoded");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Single(response, "Referrer-Policy"));
        Assert.Equal("SAMEORIGIN", Single(response, "X-Frame-Options"));
        var policy = Directives(Single(response, "Content-Security-Policy"));
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Equal("'self'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'self'", policy["base-uri"]);
        Assert.Equal("'self'", policy["form-action"]);
        Assert.DoesNotContain("unsafe-inline", policy["script-src"]);
        Assert.DoesNotContain("unsafe-eval", policy["script-src"]);
    }

    [Fact]
    public async Task ThePagesInlineImportMap_CarriesThisResponsesNonce_AndNoOtherResponseReusesIt()
    {
        using var client = _app.CreateBrowserLikeClient();

        var first = await client.GetAsync("/");
        var second = await client.GetAsync("/");

        var nonce = NonceOf(first);
        Assert.Matches("^[A-Za-z0-9_-]{22}$", nonce); // 128 bits, base64url
        var html = await first.Content.ReadAsStringAsync();
        var importMap = System.Text.RegularExpressions.Regex.Match(html, "<script[^>]*type=\"importmap\"[^>]*>");
        Assert.True(importMap.Success, html[..Math.Min(html.Length, 1500)]);
        Assert.Contains($"nonce=\"{nonce}\"", importMap.Value);
        Assert.NotEqual(nonce, NonceOf(second));
    }

    private static string NonceOf(HttpResponseMessage response)
    {
        var scripts = Directives(Single(response, "Content-Security-Policy"))["script-src"];
        var nonce = scripts.Split(' ').Single(s => s.StartsWith("'nonce-", StringComparison.Ordinal));
        return nonce["'nonce-".Length..^1];
    }

    private static string Single(HttpResponseMessage response, string header)
    {
        var values = response.Headers.TryGetValues(header, out var found) ? found.ToList()
            : response.Content.Headers.TryGetValues(header, out var content) ? content.ToList() : [];
        Assert.True(values.Count == 1, $"{header} on {response.RequestMessage?.RequestUri}: {values.Count} values");
        return values[0];
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    /// <summary>One app for the whole class: these tests only read.</summary>
    public sealed class App : IAsyncLifetime
    {
        private readonly AppFactory _factory = new();

        public HttpClient CreateBrowserLikeClient() => _factory.CreateBrowserLikeClient();

        public Task InitializeAsync() => Task.CompletedTask;

        public Task DisposeAsync() => _factory.DisposeAsync().AsTask();
    }
}
