using System.Net;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// signed_cookies with SESSION_SAVE_EVERY_REQUEST: every request re-signs the cookie (a new key each time), yet those
/// saves wait like any rolling save instead of writing the catalog. The entry keeps an older cookie of the session, and
/// an admin who ends the session through it ends the browser's newest cookie too (the ledger revokes the id inside).
/// </summary>
public sealed class SignedCookieCatalogDeferralTests : IAsyncDisposable
{
    private readonly FakeClockApp _clockApp = new(new()
    {
        ["Session:Engine"] = "signed_cookies",
        ["Session:SaveEveryRequest"] = "true",
    });

    public ValueTask DisposeAsync() => _clockApp.DisposeAsync();

    [Fact]
    public async Task ResignedCookies_WaitForTheSweep_AndTheCatalogsOlderCookieStillEndsTheSession()
    {
        var (app, time, client) = (_clockApp.App, _clockApp.Time, _clockApp.NewClient());
        var atLogin = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(client, "bob", "bob-password"));
        var entry = await LiveSessions.EntryOfAsync(app, atLogin);

        time.Advance(TimeSpan.FromSeconds(10));
        var me = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var newest = AuthClient.SessionKeyOf(me);
        Assert.NotEqual(atLogin, newest);
        Assert.Equal(entry, await LiveSessions.EntryOfAsync(app, newest));

        time.Advance(TimeSpan.FromSeconds(50));
        await _clockApp.Sweeper.SweepAsync(CancellationToken.None);
        Assert.Equal(entry.ExpireDate.AddSeconds(10), (await LiveSessions.EntryOfAsync(app, newest)).ExpireDate);

        Assert.Equal(1, await LiveSessions.RevokeAsync(app, revocation => revocation.EndAsync([entry.Id])));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Empty(await LiveSessions.AllAsync(app));
    }
}
