using System.Net;
using System.Text.RegularExpressions;
using BlazorSessionDemo.Exchanges;
using BlazorSessionDemo.Tests.Auth;
using static BlazorSessionDemo.Tests.Playground.PlaygroundPage;

namespace BlazorSessionDemo.Tests.Exchanges;

/// <summary>
/// "What just happened" through the whole app: the POST's real response (its session Set-Cookie, written by
/// SessionMiddleware at response start) is what the next page shows, once; login shows the key it replaced, never the
/// password-derived hash; a page that answers in place leaves nothing for the next one.
/// </summary>
public sealed partial class ExchangeRecordingTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public ExchangeRecordingTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Write_TheNextPageShowsTheResponsesOwnSetCookie_TheNewKey_AndTheAddedKey_Once()
    {
        var write = await AntiforgeryForm.PostAsync(_client, "/session_test/", "write");

        var header = write.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith("sessionid=", StringComparison.Ordinal));
        var key = SetCookie.Find(write.Headers, "sessionid")!.Value;
        var page = await _client.GetStringAsync("/session_test/");
        Assert.Equal(["Set-Cookie: " + header], SetCookieLines(page));
        Assert.Equal("(none)", Text(page, "exchange-key-before"));
        Assert.Equal(key, Text(page, "exchange-key-after"));
        Assert.Contains("create a django_session row", Step(page, "store"));
        Assert.Contains("<td data-label=\"change\">added</td>", page);
        Assert.Contains("&quot;hello&quot;", page);

        Assert.Null(Text(await _client.GetStringAsync("/session_test/"), "exchange"));
    }

    [Fact]
    public async Task Login_ShowsTheKeyBeforeAndTheNewKeyAfter_AndHidesTheAuthHash()
    {
        var before = AuthClient.SessionKeyOf(await AntiforgeryForm.PostAsync(_client, "/session_test/", "write"));

        var login = await AuthClient.FormLoginAsync(_client, "alice", "alice-password");

        var after = AuthClient.SessionKeyOf(login);
        Assert.NotEqual(before, after);
        var backend = await _client.GetStringAsync(AuthClient.RedirectTarget(login));
        Assert.Equal(before, Text(backend, "exchange-key-before"));
        Assert.Equal(after, Text(backend, "exchange-key-after"));
        Assert.Contains("session fixation", Text(backend, "exchange-key-note"));
        var hash = (await LoadAsync(_app, after))!["_auth_user_hash"]!.GetValue<string>();
        Assert.DoesNotContain(hash, backend);
        Assert.Contains(SessionDataDiff.Hidden, backend);
    }

    [Theory]
    [InlineData("/account/sessions")]
    [InlineData("/admin/sessions")]
    public async Task Login_RedirectedToASessionList_PutsNoKeyInItsHtml_AndDropsTheRecord(string returnUrl)
    {
        var login = await AuthClient.FormLoginAsync(_client, "admin", "admin-password", "/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var key = AuthClient.SessionKeyOf(login);
        Assert.Equal(returnUrl, AuthClient.RedirectTarget(login));

        var list = await _client.GetStringAsync(returnUrl);

        // These pages promise fingerprints only ([ShowsNoSessionKey]); a key in the HTML is readable by any script there.
        Assert.DoesNotContain(key, list);
        Assert.Null(Text(list, "exchange"));
        Assert.Null(Text(await _client.GetStringAsync("/backend"), "exchange"));
    }

    [Fact]
    public async Task Flush_ShowsTheDeletionCookie_AndNoKeyAfter()
    {
        var key = AuthClient.SessionKeyOf(await AntiforgeryForm.PostAsync(_client, "/session_test/", "write"));
        await _client.GetStringAsync("/session_test/");

        var flush = await AntiforgeryForm.PostAsync(_client, "/session_test/", "flush");

        var header = flush.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith("sessionid=", StringComparison.Ordinal));
        var page = await _client.GetStringAsync("/session_test/");
        Assert.Equal(["Set-Cookie: " + header], SetCookieLines(page));
        Assert.Equal(key, Text(page, "exchange-key-before"));
        Assert.Equal("(none)", Text(page, "exchange-key-after"));
        Assert.Contains("delete the django_session row", Step(page, "store"));
    }

    [Fact]
    public async Task Read_AnswersInPlace_AndLeavesNoExchangeForTheNextPage()
    {
        await AntiforgeryForm.PostAsync(_client, "/session_test/", "write");
        await _client.GetStringAsync("/session_test/");

        var read = await AntiforgeryForm.PostAsync(_client, "/session_test/", "read");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Null(SetCookie.Find(read.Headers, ExchangeRecorder.CookieName));
        Assert.Null(SetCookie.Find(read.Headers, "sessionid"));
        Assert.Contains("nothing is saved and no <code>Set-Cookie</code> is sent", await read.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Read_WithACookieThatNamesNothing_SaysTheCookieIsDeleted_AndTheResponseDeletesIt()
    {
        var cookieless = AuthClient.CreateCookielessClient(_app);
        var (antiforgery, token) = await Security.SessionForms.AntiforgeryAsync(cookieless, "/session_test/");
        var request = new HttpRequestMessage(HttpMethod.Post, "/session_test/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "read", ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("Cookie", $"{antiforgery}; sessionid=abcdefghijklmnopqrstuvwxyz012345");

        var read = await cookieless.SendAsync(request);

        Assert.True(SetCookie.Find(read.Headers, "sessionid")?.IsDeletion, "the response did not delete the cookie");
        Assert.Contains("the cookie named no stored session, so SessionMiddleware deletes it", await read.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PlaygroundRefusedAction_LeavesNoExchange_AndAGet_ShowsNoSetCookie()
    {
        var refused = await PostAsync(_client, "set", new() { ["key"] = "k", ["value"] = "not json" });
        Assert.Null(SetCookie.Find(refused.Headers, ExchangeRecorder.CookieName));

        var get = await PostAsync(_client, "get", new() { ["key"] = "k" });

        var page = await FollowAsync(_client, get);
        Assert.NotNull(Text(page, "exchange-no-set-cookie"));
        Assert.Contains("nothing to load and nothing to save", Step(page, "store"));
    }

    [Fact]
    public async Task PlaygroundCycleKey_ShowsTheOldKeyAndTheNew_AndNoDataChange()
    {
        var before = SessionCookie(await SetAsync(_client, "k", "1"))!.Value;
        await _client.GetStringAsync(PagePath);

        var cycle = await PostAsync(_client, "cycle_key");

        var after = SessionCookie(cycle)!.Value;
        var page = await FollowAsync(_client, cycle);
        Assert.NotEqual(before, after);
        Assert.Equal(before, Text(page, "exchange-key-before"));
        Assert.Equal(after, Text(page, "exchange-key-after"));
        Assert.Contains("delete the old one (cycle_key)", Step(page, "store"));
        Assert.NotNull(Text(page, "exchange-no-change"));
    }

    [Fact]
    public async Task SignedCookies_ABigSession_TheRecordStaysSmall_AndSaysTheCookieIsTheStore()
    {
        await using var app = new AppFactory(new() { ["Session:Engine"] = "signed_cookies" });
        var client = app.CreateBrowserLikeClient();

        var set = await PostAsync(client, "set", new() { ["key"] = "big", ["value"] = "\"" + new string('z', 2000) + "\"" });

        Assert.True(SetCookie.Find(set.Headers, ExchangeRecorder.CookieName) is { Value.Length: < 4000 });
        var page = await FollowAsync(client, set);
        Assert.Contains("no store: the signed data itself is the new cookie", Step(page, "store"));
        Assert.Contains("characters)", Text(page, "exchange-key-after"));
    }

    [Fact]
    public async Task AForgedExchangeCookie_ShowsNothing()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/session_test/");
        request.Headers.Add("Cookie", $"{ExchangeRecorder.CookieName}=CfDJ8forged");

        var page = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Null(Text(page, "exchange"));
    }

    /// <summary>A step of the sequence strip as text (its markup stripped).</summary>
    private static string Step(string html, string name)
    {
        var match = Regex.Match(html, $"id=\"exchange-step-{name}\"[^>]*>(.*?)</li>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no step {name} on the page");
        return WebUtility.HtmlDecode(Regex.Replace(match.Groups[1].Value, "<[^>]+>", " "));
    }

    private static List<string> SetCookieLines(string html) =>
        [.. SetCookieCode().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("<code class=\"set-cookie\">([^<]*)</code>")]
    private static partial Regex SetCookieCode();
}
