using System.Globalization;
using System.Net;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// Ending sessions from outside (what the admin page and "my sessions" do on confirm): the ended client's next request
/// is anonymous (401 on the API), everyone else stays logged in, and the catalog forgets the session.
/// </summary>
public sealed class RevocationTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync()
    {
        // Starts the app, which seeds the demo accounts.
        _ = _app.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EndOne_MakesThatClientsNextRequest401_AndLeavesTheOtherClientLoggedIn()
    {
        var (laptop, laptopKey) = await ApiLoginAsync("alice@example.com", "alice-password");
        var (phone, phoneKey) = await ApiLoginAsync("alice@example.com", "alice-password");
        var phoneEntry = await LiveSessions.EntryOfAsync(_app, phoneKey);

        var ended = await LiveSessions.RevokeAsync(_app, r => r.EndAsync([phoneEntry.Id]));

        Assert.Equal(1, ended);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.DoesNotContain(await LiveSessions.AllAsync(_app), e => e.Id == phoneEntry.Id);
        Assert.Contains(await LiveSessions.AllAsync(_app), e => e.Fingerprint == LiveSessions.FingerprintOf(_app, laptopKey));
    }

    [Fact]
    public async Task EndAllOfUser_MakesEveryClientOfThatUser401_AndNoOtherUser()
    {
        var alice = await AppData.UserAsync(_app, "alice");
        var (laptop, _) = await ApiLoginAsync("alice@example.com", "alice-password");
        var (phone, _) = await ApiLoginAsync("alice@example.com", "alice-password");
        var (bob, _) = await ApiLoginAsync("bob@example.com", "bob-password");

        var ended = await LiveSessions.RevokeAsync(_app, r => r.EndAllOfUserAsync(alice.Id.ToString(CultureInfo.InvariantCulture)));

        Assert.Equal(2, ended);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await phone.GetAsync("/api/test1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task EndAllOthers_KeepsTheSessionItWasAskedFrom()
    {
        var alice = await AppData.UserAsync(_app, "alice");
        var (laptop, laptopKey) = await ApiLoginAsync("alice@example.com", "alice-password");
        var (phone, _) = await ApiLoginAsync("alice@example.com", "alice-password");

        var ended = await LiveSessions.RevokeAsync(_app, r => r.EndAllOfUserAsync(
            alice.Id.ToString(CultureInfo.InvariantCulture), keepFingerprint: LiveSessions.FingerprintOf(_app, laptopKey)));

        Assert.Equal(1, ended);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task EndOne_OfASessionAlreadyGone_EndsNothing()
    {
        var (client, key) = await ApiLoginAsync("alice@example.com", "alice-password");
        var entry = await LiveSessions.EntryOfAsync(_app, key);
        await client.PostAsync("/api/logout", null);

        Assert.Equal(0, await LiveSessions.RevokeAsync(_app, r => r.EndAsync([entry.Id])));
    }

    private async Task<(HttpClient Client, string Key)> ApiLoginAsync(string email, string password)
    {
        var client = _app.CreateBrowserLikeClient();
        var response = await AuthClient.ApiLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (client, AuthClient.SessionKeyOf(response));
    }
}
