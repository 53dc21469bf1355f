using System.Net;
using System.Text.RegularExpressions;
using BlazorSessionDemo.Components.Pages.Account;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// The /login form (static SSR, antiforgery): success redirects to /backend with a session cookie; a failure
/// re-renders the page with Django's AuthenticationForm message, which never says which field was wrong.
/// </summary>
public sealed partial class LoginPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public LoginPageTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task LongUsername_IsAStyledMessageAtTheField_NotABareTextPage()
    {
        var response = await AuthClient.FormLoginAsync(_client, new string('a', 3000), "x");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("lib/bootstrap/css/bootstrap.min", html);
        Assert.Contains("<div class=\"validation-message\">A username or email is at most 254 characters.</div>", html);
        Assert.Contains("maxlength=\"254\"", html);
        Assert.Null(SetCookie.Find(response.Headers, "sessionid"));
    }

    [Fact]
    public async Task Form_RendersTheFieldsTheLoginPostBinds()
    {
        var page = await _client.GetStringAsync("/login");

        Assert.Matches("<input id=\"username\"[^>]* name=\"Input.Username\"", page);
        Assert.Matches("<input id=\"password\" type=\"password\"[^>]* name=\"Input.Password\"", page);
        Assert.Contains("id=\"login-submit\"", page);
    }

    [Fact]
    public async Task GoodCredentials_RedirectToBackend_WithSessionCookie()
    {
        var alice = await AppData.UserAsync(_app, "alice");

        var response = await AuthClient.FormLoginAsync(_client, "alice", "alice-password");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/backend", AuthClient.RedirectTarget(response));
        var data = await AppData.ReadSessionAsync(_app, AuthClient.SessionKeyOf(response));
        Assert.Equal(alice.Id, data?["user_id"]?.GetValue<long>());
    }

    [Fact]
    public async Task FormPostedAsABrowserSendsIt_WithEveryHiddenField_LogsIn()
    {
        // A browser submits every named input of the form, not just the one token AntiforgeryForm picks out.
        var page = await _client.GetStringAsync("/login");
        var form = FormPattern().Match(page);
        Assert.True(form.Success, "no login form on /login");
        var fields = HiddenInputPattern().Matches(form.Value)
            .Select(m => KeyValuePair.Create(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(KeyValuePair.Create("Input.Username", "alice"))
            .Append(KeyValuePair.Create("Input.Password", "alice-password"));

        var response = await _client.PostAsync("/login", new FormUrlEncodedContent(fields));

        Assert.True(response.StatusCode == HttpStatusCode.Found,
            $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("/backend", AuthClient.RedirectTarget(response));
    }

    [Fact]
    public async Task Email_WorksAsTheLogin()
    {
        var response = await AuthClient.FormLoginAsync(_client, "alice@example.com", "alice-password");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/backend", AuthClient.RedirectTarget(response));
    }

    [Fact]
    public async Task WrongPassword_ShowsGenericMessage_KeepsUsername_ClearsPassword_NoSession()
    {
        var response = await AuthClient.FormLoginAsync(_client, "alice", "wrong-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"login-error\">{WebUtility.HtmlEncode(Login.InvalidLoginMessage)}<", page);
        Assert.Matches("<input id=\"username\"[^>]* value=\"alice\"", page);
        Assert.DoesNotContain("wrong-password", page);
        Assert.Null(SetCookie.Find(response.Headers, AuthClient.CookieName));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Theory]
    [InlineData("nobody", "alice-password", false)]
    [InlineData("alice", "alice-password", true)]
    public async Task UnknownOrInactiveUser_GetsTheSameMessage(string username, string password, bool deactivateAlice)
    {
        if (deactivateAlice)
        {
            await AppData.SetActiveAsync(_app, "alice", active: false);
        }

        var response = await AuthClient.FormLoginAsync(_client, username, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"id=\"login-error\">{WebUtility.HtmlEncode(Login.InvalidLoginMessage)}<", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task EmptyFields_ShowValidationMessages_AndCreateNoSession()
    {
        var response = await AuthClient.FormLoginAsync(_client, "", "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter your username or email.", page);
        Assert.Contains("Enter your password.", page);
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_IsRejected_AndCreatesNoSession()
    {
        var response = await _client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Username"] = "alice",
            ["Input.Password"] = "alice-password",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [GeneratedRegex("<form method=\"post\" action=\"/login[^\"]*\">.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInputPattern();
}
