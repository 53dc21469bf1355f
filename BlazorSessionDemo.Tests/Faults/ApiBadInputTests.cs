using System.Net;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.Faults;

/// <summary>
/// Bad input on every JSON API endpoint: malformed JSON, the wrong content type, 10 MB bodies, unknown or duplicate
/// fields, wrong types, invalid UTF-8. Each is a 4xx with a JSON reason, never a 500 or a stack trace, and changes
/// nothing: a logged-in user stays logged in, a refused login creates no session.
/// </summary>
public sealed class ApiBadInputTests(ApiBadInputTests.App app) : IClassFixture<ApiBadInputTests.App>
{
    public sealed class App : IAsyncDisposable
    {
        public AppFactory Factory { get; } = new();

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }

    public static TheoryData<string, string> BodylessEndpoints => new()
    {
        { "POST", "/api/logout" },
        { "GET", "/api/test1" },
        { "GET", "/api/me" },
    };

    public static TheoryData<string, string, string> BadBodies()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path) in new[] { ("POST", "/api/logout"), ("GET", "/api/test1"), ("GET", "/api/me") })
        {
            data.Add(method, path, "malformed");
            data.Add(method, path, "unknown-field");
            data.Add(method, path, "text/plain");
            data.Add(method, path, "invalid-utf8");
            data.Add(method, path, "array");
            data.Add(method, path, "huge");
            data.Add(method, path, "huge-chunked");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BodylessEndpoint_BadBody_Answers4xxWithReason_AndTheUserStaysLoggedIn(string method, string path, string body)
    {
        var client = await LoggedInClientAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(body) });

        await Rejections.AssertApiErrorAsync(response, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(BodylessEndpoints))]
    public async Task BodylessEndpoint_EmptyObjectOrEmptyBody_IsAccepted(string method, string path)
    {
        var client = await LoggedInClientAsync();

        var withObject = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        { Content = Rejections.Text("{}", "application/json") });
        var withEmpty = path == "/api/logout" ? withObject : await client.SendAsync(
            new HttpRequestMessage(new HttpMethod(method), path) { Content = Rejections.Text("", "text/plain") });

        Assert.Equal(HttpStatusCode.OK, withObject.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withEmpty.StatusCode);
    }

    [Theory]
    [InlineData("invalid-utf8")]
    [InlineData("lone-surrogate")]
    [InlineData("unknown-field")]
    [InlineData("duplicate-field")]
    [InlineData("huge")]
    [InlineData("huge-chunked")]
    [InlineData("number-email")]
    public async Task Login_BadBody_Answers400WithReason_AndCreatesNoSession(string body)
    {
        var client = app.Factory.CreateBrowserLikeClient();
        var before = await app.Factory.Database.CountSessionsAsync();

        var response = await client.PostAsync("/api/login", Body(body));

        await Rejections.AssertApiErrorAsync(response, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await app.Factory.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task Login_UnknownField_NamesIt()
    {
        var response = await AuthClient.PostRawAsync(app.Factory.CreateBrowserLikeClient(), "/api/login",
            """{"email":"alice@example.com","password":"alice-password","is_staff":true}""");

        var error = await Rejections.AssertApiErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("is_staff", error);
    }

    [Theory]
    [InlineData("GET", "/api/login")]
    [InlineData("PUT", "/api/logout")]
    [InlineData("POST", "/api/test1")]
    [InlineData("DELETE", "/api/me")]
    [InlineData("GET", "/api/no-such-endpoint")]
    [InlineData("POST", "/api/no-such-endpoint")]
    public async Task WrongMethodOrPath_Answers404Or405WithJsonReason_NotAnHtmlPage(string method, string path)
    {
        // Which of the two depends on what else routing knows at that address (the pages' routes); both say why.
        var response = await app.Factory.CreateBrowserLikeClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await Rejections.AssertApiErrorAsync(response, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed);
    }

    private async Task<HttpClient> LoggedInClientAsync()
    {
        var client = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password")).StatusCode);
        return client;
    }

    private static HttpContent Body(string kind) => kind switch
    {
        "malformed" => Rejections.Text("{\"email\":", "application/json"),
        "unknown-field" => Rejections.Text("""{"email":"alice@example.com","password":"alice-password","user_id":1}""", "application/json"),
        "duplicate-field" => Rejections.Text("""{"email":"bob@example.com","email":"alice@example.com","password":"alice-password"}""", "application/json"),
        "text/plain" => Rejections.Text("""{"email":"alice@example.com","password":"alice-password"}""", "text/plain"),
        "invalid-utf8" => Rejections.Bytes(Rejections.InvalidUtf8Json, "application/json; charset=utf-8"),
        "lone-surrogate" => Rejections.Text("""{"email":"\ud800","password":"alice-password"}""", "application/json"),
        "number-email" => Rejections.Text("""{"email":12345,"password":"alice-password"}""", "application/json"),
        "array" => Rejections.Text("[]", "application/json"),
        "huge" => Rejections.Bytes(new byte[Rejections.HugeBodyBytes], "application/json"),
        "huge-chunked" => Rejections.HugeChunked("application/json"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
