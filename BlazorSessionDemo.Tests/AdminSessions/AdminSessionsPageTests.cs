using System.Net;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// /admin/sessions is for staff only (anonymous → /login, others 403) and lists every client's session by fingerprint;
/// /account/sessions lists the user's own sessions with the current one marked. No page ever shows a session key.
/// </summary>
public sealed class AdminSessionsPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/admin/sessions", "/login?returnUrl=%2Fadmin%2Fsessions")]
    [InlineData("/account/sessions", "/login?returnUrl=%2Faccount%2Fsessions")]
    public async Task Anonymous_IsSentToLogin(string path, string target)
    {
        var response = await _app.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(target, AuthClient.RedirectTarget(response));
    }

    [Fact]
    public async Task NonStaffUser_IsForbidden_AndSeesNoSession()
    {
        var alice = _app.CreateBrowserLikeClient();
        var bob = _app.CreateBrowserLikeClient();
        await AuthClient.FormLoginAsync(alice, "alice", "alice-password");
        var bobKey = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(bob, "bob@example.com", "bob-password"));

        var response = await alice.GetAsync("/admin/sessions");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(LiveSessions.FingerprintOf(_app, bobKey), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Staff_SeesTheSessionsOfTwoClients_ByFingerprint_NeverByKey()
    {
        var alice = _app.CreateBrowserLikeClient();
        var bob = _app.CreateBrowserLikeClient();
        var admin = _app.CreateBrowserLikeClient();
        var aliceKey = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(alice, "alice", "alice-password"));
        var bobKey = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(bob, "bob@example.com", "bob-password"));
        var adminKey = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(admin, "admin", "admin-password"));

        var response = await admin.GetAsync("/admin/sessions");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($">{LiveSessions.FingerprintOf(_app, aliceKey)}<", page);
        Assert.Contains($">{LiveSessions.FingerprintOf(_app, bobKey)}<", page);
        Assert.Contains($">{LiveSessions.FingerprintOf(_app, adminKey)}<", page);
        Assert.Contains("<span class=\"user\">alice</span>", page);
        Assert.Contains("<span class=\"user\">bob</span>", page);
        Assert.Contains("<span class=\"user\">admin</span><span class=\"badge text-bg-primary current this-session\">This browser</span>", page);
        Assert.DoesNotContain(aliceKey, page);
        Assert.DoesNotContain(bobKey, page);
        Assert.DoesNotContain(adminKey, page);
    }

    [Fact]
    public async Task MySessions_ListsOnlyTheUsersOwnSessions_MarksTheCurrentOne_NeverShowsAKey()
    {
        var laptop = _app.CreateBrowserLikeClient();
        var phone = _app.CreateBrowserLikeClient();
        var bob = _app.CreateBrowserLikeClient();
        var laptopKey = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(laptop, "alice", "alice-password"));
        var phoneKey = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(phone, "alice@example.com", "alice-password"));
        var bobKey = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(bob, "bob@example.com", "bob-password"));

        var page = await laptop.GetStringAsync("/account/sessions");

        Assert.Contains($"data-fingerprint=\"{LiveSessions.FingerprintOf(_app, phoneKey)}\"", page);
        Assert.Contains($"<li class=\"list-group-item session-card current\" data-fingerprint=\"{LiveSessions.FingerprintOf(_app, laptopKey)}\"", page);
        Assert.DoesNotContain(LiveSessions.FingerprintOf(_app, bobKey), page);
        Assert.DoesNotContain(laptopKey, page);
        Assert.DoesNotContain(phoneKey, page);
    }
}
