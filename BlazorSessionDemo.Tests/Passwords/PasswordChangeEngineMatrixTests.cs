using System.Collections.Concurrent;
using System.Net;
using BlazorSessionDemo.Components.Pages.Account;
using DjangoSessions.Catalog;
using BlazorSessionDemo.Tests.AdminSessions;
using BlazorSessionDemo.Tests.Auth;
using BlazorSessionDemo.Tests.Engines.Redis;
using BlazorSessionDemo.Tests.Security;

namespace BlazorSessionDemo.Tests.Passwords;

/// <summary>
/// Django's <c>update_session_auth_hash</c> on every engine: after a password change the changing session stays logged
/// in on a new key (its old cookie is worthless), every other session of the user ends at once through the revocation
/// path (next request anonymous, an end announced for its open pages), and other users' sessions are untouched.
/// </summary>
public sealed class PasswordChangeEngineMatrixTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    public static TheoryData<string> Engines => EngineApp.AllEngines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Change_KeepsThisSessionOnANewKey_EndsTheUsersOtherSessions_OnEveryEngine(string engine)
    {
        await using var app = new EngineApp(engine, redis);
        var laptop = app.CreateClient();
        var phone = app.CreateClient();
        var tablet = app.CreateClient();
        var bob = app.CreateClient();
        var laptopKey = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(laptop, "alice", "alice-password"));
        var phoneKey = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(phone, "alice@example.com", "alice-password"));
        var tabletKey = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(tablet, "alice@example.com", "alice-password"));
        AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(bob, "bob", "bob-password"));
        var ended = new ConcurrentBag<SessionEvent>();
        using var subscription = app.Services.GetRequiredService<ISessionEventBus>().Subscribe(e =>
        {
            if (e.IsEnd)
            {
                ended.Add(e);
            }
        });

        var response = await PasswordForms.ChangeAsync(laptop, "alice-password", "a-brand-new-secret");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(ChangePassword.OtherSessionsMessage(2), await response.Content.ReadAsStringAsync());
        Assert.Equal("2 other sessions were signed out.", ChangePassword.OtherSessionsMessage(2));
        var newKey = AuthClient.SessionKeyOf(response);
        Assert.NotEqual(laptopKey, newKey);
        // This session: still logged in, on the new key only.
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/backend")).StatusCode);
        var replay = app.CreateClient(handleCookies: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", laptopKey)).StatusCode);
        // The other sessions: anonymous at their next request, their cookies worthless, their ends announced as revocations.
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await tablet.GetAsync("/backend")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", phoneKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", tabletKey)).StatusCode);
        var revoked = ended.Where(e => e.Reason == SessionEndReason.Revoked).Select(e => e.Fingerprint).ToHashSet();
        Assert.Contains(LiveSessions.FingerprintOf(app.Host, phoneKey), revoked);
        Assert.Contains(LiveSessions.FingerprintOf(app.Host, tabletKey), revoked);
        Assert.Equal(2, revoked.Count);
        // Someone else's session is untouched; the catalog lists one session of alice (the new one) and bob's.
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/me")).StatusCode);
        var live = await LiveSessions.AllAsync(app.Host);
        Assert.Equal(2, live.Count);
        Assert.Contains(live, e => e.Fingerprint == LiveSessions.FingerprintOf(app.Host, newKey));
    }
}
