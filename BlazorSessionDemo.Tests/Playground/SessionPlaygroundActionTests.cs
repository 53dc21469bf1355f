using System.Net;
using static BlazorSessionDemo.Tests.Playground.PlaygroundPage;

namespace BlazorSessionDemo.Tests.Playground;

/// <summary>The dict actions of <c>/session</c> through the whole app (db engine): what each does to the stored data and the cookie.</summary>
public sealed class SessionPlaygroundActionTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public SessionPlaygroundActionTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("key", 257)]
    [InlineData("value", 32_769)]
    public async Task Set_OverTheFieldsLength_IsRefusedAtTheField_AndStoresNothing(string field, int length)
    {
        var fields = new Dictionary<string, string> { ["key"] = "k", ["value"] = "1" };
        fields[field] = field == "value" ? $"\"{new string('a', length - 2)}\"" : new string('a', length);

        var response = await PostAsync(_client, "set", fields);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Too long: at most", Text(html, $"set-{field}-error"));
        Assert.Null(SessionCookie(response));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
        Assert.Contains($"maxlength=\"{length - 1}\"", html);
    }

    [Fact]
    public async Task Get_WithoutSession_ShowsNoSession_AndCreatesNoRowOrCookie()
    {
        var response = await _client.GetAsync(PagePath);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(Text(html, "no-session"));
        Assert.NotNull(Text(html, "no-cookie"));
        Assert.NotNull(Text(html, "no-record"));
        Assert.Null(SessionCookie(response));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task Set_StoresParsedJson_SetsCookie_AndShowsBothCalls()
    {
        var response = await SetAsync(_client, "k", """{"a":[1,2]}""");
        var key = SessionCookie(response)!.Value;
        var html = await FollowAsync(_client, response);

        Assert.Equal("""{"a":[1,2]}""", (await LoadAsync(_app, key))!["k"]!.ToJsonString());
        Assert.Equal("request.session['k'] = v", Text(html, "result-django"));
        Assert.Equal("session[\"k\"] = JsonNode.Parse(v);", Text(html, "result-dotnet"));
        Assert.Equal("""{"a":[1,2]}""", Text(html, "result-argument"));
        Assert.Equal(key, Text(html, "session-key"));
    }

    [Fact]
    public async Task PageGet_WithSession_ShowsCookieAndDecodedRecord_WithoutSavingOrResettingCookie()
    {
        var key = SessionCookie(await SetAsync(_client, "k", """{"a":[1,2]}"""))!.Value;
        var before = await _app.Database.CountSessionsAsync();

        var response = await _client.GetAsync(PagePath);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Null(SessionCookie(response));
        Assert.Equal(key, Text(html, "cookie-value"));
        Assert.StartsWith("django_session row", Text(html, "record-location"));
        Assert.Equal("""{"a":[1,2]}""", Decoded(html)["k"]!.ToJsonString());
        Assert.Equal(before, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task Set_BareText_SaysToQuoteIt_NotTheParsersMessage()
    {
        var response = await SetAsync(_client, "k", "hello");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Not valid JSON. Values are JSON; for text, use quotes: \"hello\"", Text(html, "set-value-error"));
        Assert.DoesNotContain("LineNumber", html);
    }

    [Fact]
    public async Task Set_BrokenJson_SaysWhereAndWhatJsonLooksLike_NotTheParsersMessage()
    {
        var response = await SetAsync(_client, "k", "{not json");
        var html = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("Not valid JSON near character 2.", Text(html, "set-value-error"));
        Assert.DoesNotContain("BytePositionInLine", html);
    }

    [Fact]
    public async Task Set_InvalidJson_ShowsMessageAtTheField_AndChangesNothing()
    {
        var key = SessionCookie(await SetAsync(_client, "k", "1"))!.Value;

        var response = await SetAsync(_client, "k", "{not json");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Not valid JSON", Text(html, "set-value-error"));
        Assert.Contains("value=\"{not json\"", html);
        Assert.Null(SessionCookie(response));
        Assert.Equal("1", (await LoadAsync(_app, key))!["k"]!.ToJsonString());
    }

    [Fact]
    public async Task Set_InvalidJson_WithoutSession_CreatesNoRowOrCookie()
    {
        var response = await SetAsync(_client, "k", "");

        Assert.NotNull(Text(await response.Content.ReadAsStringAsync(), "set-value-error"));
        Assert.Null(SessionCookie(response));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task Set_ReservedUnderscoreKey_IsRefusedAtTheKeyField()
    {
        var response = await SetAsync(_client, "_session_expiry", "5");

        Assert.NotNull(Text(await response.Content.ReadAsStringAsync(), "set-key-error"));
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }

    [Fact]
    public async Task Get_ShowsValueOrDefault_AndSavesNothing()
    {
        var key = SessionCookie(await SetAsync(_client, "k", "[1,2]"))!.Value;

        var hit = await PostAsync(_client, "get", new() { ["key"] = "k", ["default"] = "\"d\"" });
        var hitPage = await FollowAsync(_client, hit);
        var miss = await PostAsync(_client, "get", new() { ["key"] = "missing", ["default"] = "{\"x\":true}" });
        var missPage = await FollowAsync(_client, miss);

        Assert.Equal("[1,2]", Text(hitPage, "result-value"));
        Assert.Equal("{\"x\":true}", Text(missPage, "result-value"));
        Assert.Equal("request.session.get('missing', default)", Text(missPage, "result-django"));
        Assert.Null(SessionCookie(hit));
        Assert.Null(SessionCookie(miss));
        Assert.Equal("[1,2]", (await LoadAsync(_app, key))!["k"]!.ToJsonString());
    }

    [Fact]
    public async Task Get_InvalidDefault_ShowsMessageAtTheDefaultField()
    {
        var response = await PostAsync(_client, "get", new() { ["key"] = "k", ["default"] = "nope" });

        Assert.StartsWith("Not valid JSON", Text(await response.Content.ReadAsStringAsync(), "get-default-error"));
    }

    [Fact]
    public async Task Pop_ReturnsValueAndRemovesIt_KeepingTheSessionKey()
    {
        var key = SessionCookie(await SetAsync(_client, "k", "\"v\""))!.Value;
        await SetAsync(_client, "other", "1");

        var response = await PostAsync(_client, "pop", new() { ["key"] = "k" });
        var html = await FollowAsync(_client, response);

        Assert.Equal("\"v\"", Text(html, "result-value"));
        Assert.Equal("request.session.pop('k')", Text(html, "result-django"));
        var data = (await LoadAsync(_app, key))!;
        Assert.False(data.ContainsKey("k"));
        Assert.True(data.ContainsKey("other"));
        // A modified session is saved and its cookie set again, under the same key.
        Assert.Equal(key, SessionCookie(response)!.Value);
    }

    [Fact]
    public async Task Pop_MissingKey_ShowsKeyError_AndChangesNothing()
    {
        var key = SessionCookie(await SetAsync(_client, "k", "1"))!.Value;

        var html = await FollowAsync(_client, await PostAsync(_client, "pop", new() { ["key"] = "nope" }));

        Assert.Equal("KeyError: 'nope'", Text(html, "result-value"));
        Assert.Equal("1", (await LoadAsync(_app, key))!["k"]!.ToJsonString());
    }

    [Fact]
    public async Task Delete_RemovesTheKey_KeepsRowAndCookie()
    {
        var key = SessionCookie(await SetAsync(_client, "k", "1"))!.Value;

        var response = await PostAsync(_client, "delete", new() { ["key"] = "k" });
        var html = await FollowAsync(_client, response);

        Assert.Equal("del request.session['k']", Text(html, "result-django"));
        Assert.Empty((await LoadAsync(_app, key))!);
        Assert.True(await _app.Database.RowExistsAsync(key));
        Assert.False(SessionCookie(response)?.IsDeletion ?? false);
        Assert.Equal(key, Text(html, "cookie-value"));
    }

    [Fact]
    public async Task Clear_EmptiesTheData_KeepsTheKey()
    {
        var key = SessionCookie(await SetAsync(_client, "a", "1"))!.Value;
        await SetAsync(_client, "b", "2");

        var response = await PostAsync(_client, "clear");
        var html = await FollowAsync(_client, response);

        Assert.Empty((await LoadAsync(_app, key))!);
        Assert.Equal(key, Text(html, "session-key"));
        Assert.Equal("{}", Decoded(html).ToJsonString());
    }

    [Fact]
    public async Task Flush_DeletesRowAndCookie_AndThePageShowsNoSession()
    {
        var key = SessionCookie(await SetAsync(_client, "k", "1"))!.Value;

        var response = await PostAsync(_client, "flush");
        var html = await FollowAsync(_client, response);

        Assert.True(SessionCookie(response)!.IsDeletion);
        Assert.False(await _app.Database.RowExistsAsync(key));
        Assert.NotNull(Text(html, "no-session"));
        Assert.NotNull(Text(html, "no-record"));
    }

    [Fact]
    public async Task CycleKey_NewKeySameData_OldKeyLoadsNothing()
    {
        var oldKey = SessionCookie(await SetAsync(_client, "k", "\"kept\""))!.Value;

        var response = await PostAsync(_client, "cycle_key");
        var newKey = SessionCookie(response)!.Value;
        var html = await FollowAsync(_client, response);

        Assert.NotEqual(oldKey, newKey);
        Assert.Null(await LoadAsync(_app, oldKey));
        Assert.Equal("\"kept\"", (await LoadAsync(_app, newKey))!["k"]!.ToJsonString());
        Assert.Equal(newKey, Text(html, "cookie-value"));
        Assert.Equal(newKey, Text(html, "session-key"));
        Assert.DoesNotContain(newKey, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_IsRejected_AndCreatesNoSession()
    {
        var response = await _client.PostAsync(PagePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "set", ["key"] = "k", ["value"] = "1",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _app.Database.CountSessionsAsync());
    }
}
