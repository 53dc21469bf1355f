using System.Net;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// <c>returnUrl</c> after login: a path on this site is honoured, anything that could leave it is ignored
/// (Django's <c>url_has_allowed_host_and_scheme</c>, ASP.NET Core's <c>IsLocalUrl</c>): an open redirect on a
/// login page is a phishing tool.
/// </summary>
public sealed class LoginReturnUrlTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public LoginReturnUrlTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task LocalReturnUrl_IsHonoured()
    {
        var response = await AuthClient.FormLoginAsync(_client, "alice", "alice-password", "/login?returnUrl=%2Fsession_test%2F");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/session_test/", AuthClient.RedirectTarget(response));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("http:/evil.example")]
    [InlineData("evil.example")]
    public async Task ForeignReturnUrl_IsIgnored_InFavourOfBackend(string returnUrl)
    {
        var path = "/login?returnUrl=" + Uri.EscapeDataString(returnUrl);

        var response = await AuthClient.FormLoginAsync(_client, "alice", "alice-password", path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/backend", AuthClient.RedirectTarget(response));
    }

    [Fact]
    public async Task BackendRedirect_CarriesReturnUrl_ThatLoginThenFollows()
    {
        var backend = await _client.GetAsync("/backend");
        var loginPath = AuthClient.RedirectTarget(backend);

        var login = await AuthClient.FormLoginAsync(_client, "alice", "alice-password", loginPath);

        Assert.Equal("/login?returnUrl=%2Fbackend", loginPath);
        Assert.Equal("/backend", AuthClient.RedirectTarget(login));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/backend")).StatusCode);
    }
}
