using System.Net;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// Django's <c>login()</c> against session fixation: a key that existed before login is worthless after it
/// (<c>cycle_key()</c> keeps the data under a new key), and logging in as another user starts from <c>flush()</c>.
/// </summary>
public sealed class SessionFixationTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly HttpClient _client;

    public SessionFixationTests() => _client = _app.CreateBrowserLikeClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ApiLogin_CyclesTheAnonymousKey_KeepsItsData_DeletesTheOldRow()
    {
        var before = AuthClient.SessionKeyOf(await AntiforgeryForm.PostAsync(_client, "/session_test/", "write"));

        var login = await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");

        var after = AuthClient.SessionKeyOf(login);
        Assert.NotEqual(before, after);
        Assert.False(await _app.Database.RowExistsAsync(before));
        var data = await AppData.ReadSessionAsync(_app, after);
        Assert.Equal("hello", data?["h1"]?.GetValue<string>());
        Assert.Equal("alice", data?["username"]?.GetValue<string>());
    }

    [Fact]
    public async Task FormLogin_CyclesTheAnonymousKey_KeepsItsData_DeletesTheOldRow()
    {
        var before = AuthClient.SessionKeyOf(await AntiforgeryForm.PostAsync(_client, "/session_test/", "write"));

        var login = await AuthClient.FormLoginAsync(_client, "alice", "alice-password");

        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        var after = AuthClient.SessionKeyOf(login);
        Assert.NotEqual(before, after);
        Assert.False(await _app.Database.RowExistsAsync(before));
        Assert.Equal("hello", (await AppData.ReadSessionAsync(_app, after))?["h1"]?.GetValue<string>());
    }

    [Fact]
    public async Task KeyFromBeforeLogin_LoadsNothingAfterLogin()
    {
        var before = AuthClient.SessionKeyOf(await AntiforgeryForm.PostAsync(_client, "/session_test/", "write"));
        await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password");
        using var attacker = AuthClient.CreateCookielessClient(_app);

        var me = await AuthClient.SendWithSessionAsync(attacker, HttpMethod.Get, "/api/me", before);
        var test1 = await AuthClient.SendWithSessionAsync(attacker, HttpMethod.Get, "/api/test1", before);
        var backend = await AuthClient.SendWithSessionAsync(attacker, HttpMethod.Get, "/backend", before);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, test1.StatusCode);
        Assert.Equal(HttpStatusCode.Found, backend.StatusCode);
        Assert.False(await _app.Database.RowExistsAsync(before));
    }

    [Fact]
    public async Task PlantedUnknownKey_IsNotAdopted_ByLogin()
    {
        // An attacker's made-up key: well-formed, unknown to the store, so login must mint a fresh one.
        const string planted = "plantedkey0123456789abcdefghijkl";
        using var victim = AuthClient.CreateCookielessClient(_app);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/login")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { email = "alice@example.com", password = "alice-password" }),
        };
        request.Headers.Add("Cookie", $"{AuthClient.CookieName}={planted}");

        var login = await victim.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.NotEqual(planted, AuthClient.SessionKeyOf(login));
        Assert.False(await _app.Database.RowExistsAsync(planted));
    }

    [Fact]
    public async Task LoginAsAnotherUser_StartsFromAnEmptySession()
    {
        var aliceKey = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(_client, "alice@example.com", "alice-password"));
        await AntiforgeryForm.PostAsync(_client, "/session_test/", "write");
        Assert.Equal("hello", (await AppData.ReadSessionAsync(_app, aliceKey))?["h1"]?.GetValue<string>());
        var bob = await AppData.UserAsync(_app, "bob");

        var login = await AuthClient.ApiLoginAsync(_client, "bob@example.com", "bob-password");

        var bobKey = AuthClient.SessionKeyOf(login);
        Assert.NotEqual(aliceKey, bobKey);
        Assert.False(await _app.Database.RowExistsAsync(aliceKey));
        var data = await AppData.ReadSessionAsync(_app, bobKey);
        Assert.NotNull(data);
        Assert.Equal(
            ["_auth_user_backend", "_auth_user_hash", "_auth_user_id", "_session_expiry", "is_login", "user_id", "user_info", "username"],
            data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(bob.Id, data["user_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task LoginAgainAsTheSameUser_CyclesTheKey_KeepingTheData()
    {
        var first = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(_client, "alice", "alice-password"));
        await AntiforgeryForm.PostAsync(_client, "/session_test/", "write");

        var second = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(_client, "alice", "alice-password"));

        Assert.NotEqual(first, second);
        Assert.False(await _app.Database.RowExistsAsync(first));
        Assert.Equal("hello", (await AppData.ReadSessionAsync(_app, second))?["h1"]?.GetValue<string>());
    }
}
