using System.Net;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Faults;

/// <summary>
/// Bad input on the HTML forms (/login, /logout, /session, /cookies, /session_test/): a body that isn't a form, a 10 MB
/// body, invalid UTF-8, no antiforgery token. Each is a 4xx page that says why (not an empty 400, not the "not found"
/// page), never a 500 or a stack trace, and no session. A well-formed form with odd values is the page's to answer.
/// </summary>
public sealed class FormBadInputTests(FormBadInputTests.App app) : IClassFixture<FormBadInputTests.App>
{
    public sealed class App : IAsyncDisposable
    {
        public AppFactory Factory { get; } = new();

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in new[] { "/login", "/logout", "/session", "/cookies", "/session_test/" })
        {
            foreach (var body in new[] { "json", "text/plain", "no-token", "huge", "huge-chunked", "invalid-utf8", "multipart-garbage" })
            {
                data.Add(path, body);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FormPost_BadBody_Answers4xxPageWithReason_AndNoSession(string path, string body)
    {
        var client = app.Factory.CreateBrowserLikeClient();
        var before = await app.Factory.Database.CountSessionsAsync();

        var response = await client.PostAsync(path, Body(body));

        await Rejections.AssertPageErrorAsync(response);
        Assert.Equal(before, await app.Factory.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task FormPost_ToAnUnknownPage_AnswersItsOwnStatusWithReason_NotAnEmpty400()
    {
        var response = await app.Factory.CreateBrowserLikeClient().PostAsync("/no-such-page", Rejections.Text("a=b", "application/x-www-form-urlencoded"));

        var page = await Rejections.AssertPageErrorAsync(response);
        Assert.NotEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("error-reason", page);
    }

    [Fact]
    public async Task LoginForm_WithToken_InvalidUtf8AndUnknownFields_IsAFailedLogin_NotAnError()
    {
        // Forms ignore fields they don't have, as Django forms do (browsers and extensions add some); the bytes that are
        // not UTF-8 decode to U+FFFD, which names no user.
        var client = app.Factory.CreateBrowserLikeClient();
        var response = await AntiforgeryForm.PostAsync(client, "/login", "login", new()
        {
            ["Input.Username"] = "alice\uFFFD",
            ["Input.Password"] = "alice-password",
            ["Input.IsStaff"] = "true",
            ["user_id"] = "1",
        });

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"login-error\"", body);
        Rejections.AssertNoTrace(body);
        Assert.Null(SetCookie.Find(response.Headers, AuthClient.CookieName));
    }

    [Fact]
    public async Task LoginForm_WithToken_TenMegabyteField_Answers4xxWithReason()
    {
        var client = app.Factory.CreateBrowserLikeClient();
        var response = await AntiforgeryForm.PostAsync(client, "/login", "login", new()
        {
            ["Input.Username"] = "alice",
            ["Input.Password"] = new string('x', Rejections.HugeBodyBytes),
        });

        await Rejections.AssertPageErrorAsync(response);
    }

    private static HttpContent Body(string kind) => kind switch
    {
        "json" => Rejections.Text("{\"Input.Username\":\"alice\"", "application/json"),
        "text/plain" => Rejections.Text("Input.Username=alice&Input.Password=alice-password", "text/plain"),
        "no-token" => Rejections.Text("_handler=login&Input.Username=alice&Input.Password=alice-password", "application/x-www-form-urlencoded"),
        "huge" => Rejections.Bytes(new byte[Rejections.HugeBodyBytes], "application/x-www-form-urlencoded"),
        "huge-chunked" => Rejections.HugeChunked("application/x-www-form-urlencoded"),
        "invalid-utf8" => Rejections.Bytes([.. "_handler=login&Input.Username="u8, 0xFF, 0xFE, .. "&Input.Password=%FF"u8],
            "application/x-www-form-urlencoded; charset=utf-8"),
        "multipart-garbage" => Rejections.Text("not a multipart body", "multipart/form-data; boundary=xyz"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
