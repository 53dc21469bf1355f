using System.Net;
using System.Text;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Hashers;
using BlazorSessionDemo.Components.Pages.Account;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;

namespace BlazorSessionDemo.Tests.Security;

/// <summary>
/// A failed login looks the same whatever failed (ASVS 5.0 V6.3.8, OWASP: no user enumeration): unknown user, wrong
/// password and inactive user get the same status and body, and each costs exactly one BCrypt verification (a dummy
/// hash when there is no user), so the answer takes the same shape of time. Timing itself is not measured (house rule);
/// the work is counted from the real hasher's metric. Passwords BCrypt can't read whole are refused, never truncated.
/// </summary>
public sealed class LoginEqualWorkTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task ApiLogin_UnknownUser_WrongPassword_InactiveUser_EachRunBcryptOnce_AndAnswerAlike()
    {
        await using var app = new EngineApp("db", redis);
        using var bcrypt = new BcryptCounter(app.Services);
        using var client = app.CreateClient();
        await AppData.SetActiveAsync(app.Factory, "bob", active: false);
        var answers = new List<(HttpStatusCode Status, string Body, long Bcrypt)>();

        foreach (var (login, password) in new[] { ("nobody@example.com", "alice-password"), ("alice@example.com", "not-alices"), ("bob@example.com", "bob-password") })
        {
            var before = bcrypt.Count;
            var response = await AuthClient.ApiLoginAsync(client, login, password);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(), bcrypt.Count - before));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.BadRequest, answers[0].Body, 1L), a));
    }

    [Fact]
    public async Task FormLogin_UnknownUser_WrongPassword_InactiveUser_EachRunBcryptOnce_AndAnswerAlike()
    {
        await using var app = new EngineApp("db", redis);
        using var bcrypt = new BcryptCounter(app.Services);
        using var browser = app.CreateClient();
        await AppData.SetActiveAsync(app.Factory, "bob", active: false);

        foreach (var (login, password) in new[] { ("nobody", "alice-password"), ("alice", "not-alices"), ("bob", "bob-password") })
        {
            var before = bcrypt.Count;
            var response = await AuthClient.FormLoginAsync(browser, login, password);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"id=\"login-error\">{WebUtility.HtmlEncode(Login.InvalidLoginMessage)}<", await response.Content.ReadAsStringAsync());
            Assert.Equal(1, bcrypt.Count - before);
        }
    }

    [Fact]
    public async Task PasswordLongerThanBcryptReads_IsRefused_NeverTruncatedToAMatch()
    {
        await using var app = new EngineApp("db", redis);
        using var client = app.CreateClient();
        // Exactly 72 bytes (BCrypt's limit): a truncating check would let anything that starts with it in.
        var password = new string('p', 70) + "é";
        Assert.Equal(DjangoPasswordHasher.MaxPasswordBytes, Encoding.UTF8.GetByteCount(password));
        var created = await app.Services.GetRequiredService<UserAccounts>().CreateAsync("dave", "dave@example.com", password, isStaff: false);
        Assert.Null(created.Error);

        var longer = await AuthClient.ApiLoginAsync(client, "dave@example.com", password + "-and-more");
        var exact = await AuthClient.ApiLoginAsync(client, "dave@example.com", password);

        Assert.Equal(HttpStatusCode.BadRequest, longer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
        var refused = await app.Services.GetRequiredService<UserAccounts>().CreateAsync("erin", "erin@example.com", password + "x", isStaff: false);
        Assert.Contains("72 bytes", refused.Error);
    }

    [Fact]
    public async Task OneMegabytePassword_IsAFast400_NeitherParsedNorHashed_OnTheFormAndTheApi()
    {
        await using var app = new EngineApp("db", redis);
        using var bcrypt = new BcryptCounter(app.Services);
        using var browser = app.CreateClient();
        var huge = new string('x', 1024 * 1024);

        var form = await AuthClient.FormLoginAsync(browser, "alice", huge);
        var chunked = await PostChunkedFormAsync(browser, huge);
        var api = await AuthClient.ApiLoginAsync(browser, "alice@example.com", huge);

        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        var page = await form.Content.ReadAsStringAsync();
        Assert.Equal("text/html", form.Content.Headers.ContentType?.MediaType);
        Assert.Contains("lib/bootstrap/css/bootstrap.min.css", page);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(LoginBodyLimit.Message), page);
        Assert.Equal(HttpStatusCode.BadRequest, chunked.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal(0, bcrypt.Count);
        Assert.Equal(0, await app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task LongestPasswordTheFormAccepts_IsUnderTheBodyLimit_AndGetsTheNormalAnswer()
    {
        // 1024 characters (the field's limit) of a 3-byte character: about 9 KB once form-encoded, under the 16 KB cap.
        await using var app = new EngineApp("db", redis);
        using var browser = app.CreateClient();

        var response = await AuthClient.FormLoginAsync(browser, "alice", new string('€', 1024));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"id=\"login-error\">{WebUtility.HtmlEncode(Login.InvalidLoginMessage)}<", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The login form with no Content-Length (chunked), so the limit must hold while reading.</summary>
    private static async Task<HttpResponseMessage> PostChunkedFormAsync(HttpClient browser, string password)
    {
        var token = SessionForms.TokenOf(await browser.GetStringAsync("/login"));
        var body = Encoding.UTF8.GetBytes(await new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Username"] = "alice",
            ["Input.Password"] = password,
        }).ReadAsStringAsync());
        var content = new StreamContent(new UnknownLengthStream(body));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        var response = await browser.PostAsync("/login", content);
        Assert.Null(content.Headers.ContentLength);
        return response;
    }

    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
