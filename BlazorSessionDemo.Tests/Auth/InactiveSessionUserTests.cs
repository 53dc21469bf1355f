using System.Net;
using BlazorSessionDemo.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// The session only names a user; whether that user may act is checked on every request (Django's
/// <c>get_user()</c> returns AnonymousUser for a deleted or inactive user), so disabling an account ends its sessions.
/// The app keeps active users in a per-process cache (<c>Auth:UserCacheSeconds</c>): a change made on this node, or
/// announced by another one over the session event bus, is seen by the very next request.
/// </summary>
public sealed class InactiveSessionUserTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly AppFactory _app;
    private readonly HttpClient _client;

    public InactiveSessionUserTests()
    {
        _app = new AppFactory(services: s => s.AddLogging(l => l.AddProvider(_logs)));
        _client = _app.CreateBrowserLikeClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task UserDeactivatedAfterLogin_IsAnonymous()
    {
        await LogInAliceAsync();

        Assert.True(await Accounts.SetActiveAsync(await AliceIdAsync(), active: false));

        await AssertAnonymousAsync();
    }

    [Fact]
    public async Task UserDeletedAfterLogin_IsAnonymous()
    {
        await LogInAliceAsync();

        Assert.True(await Accounts.DeleteAsync(await AliceIdAsync()));

        await AssertAnonymousAsync();
    }

    [Fact]
    public async Task UserDeactivatedByAnotherNode_IsAnonymous_OnceItsEventArrives()
    {
        await LogInAliceAsync();
        var id = await AliceIdAsync();

        // Another node's write: the table changes, then its event reaches this node through the bus.
        await AppData.SetActiveAsync(_app, "alice", active: false);
        AppData.AnnounceAccountChanged(_app.Services, id);

        await AssertAnonymousAsync();
    }

    [Fact]
    public async Task PasswordSetOnThisNode_OldSessionIsFlushed_OnItsNextRequest()
    {
        await LogInAliceAsync();

        // The store write alone (no revocation of the other sessions): the cached hash must not keep the old login.
        Assert.NotNull(await Accounts.SetPasswordAsync(await AliceIdAsync(), "alice-second-password-2026"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/me")).StatusCode);
        // Django's get_user() flushes silently; here the flush says why, by user id only.
        var flushed = Assert.Single(_logs.Entries, e => e.EventId.Id == 2004);
        Assert.Equal(LogLevel.Warning, flushed.Level);
        Assert.Equal($"Session flushed: its _auth_user_hash does not match the current password of user {await AliceIdAsync()} (password changed, or a forged login).",
            flushed.Message);
    }

    [Fact]
    public async Task LoginMadeWithAPasswordChangedElsewhere_ByAUserSinceDeactivated_IsAnonymous()
    {
        await LogInAliceAsync();
        // Another node changes alice's password, logs her in with it, then deactivates her; no event has arrived here,
        // so this node still caches her as active with the old hash. The database decides: inactive, so anonymous
        // (not a flush: the hash matches what the database holds).
        var newKey = await LogInWithAPasswordChangedElsewhereAsync();
        await AppData.SetActiveAsync(_app, "alice", active: false);
        using var replay = AuthClient.CreateCookielessClient(_app);

        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", newKey)).StatusCode);
        Assert.True(await _app.Database.RowExistsAsync(newKey));
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id == 2004);
    }

    [Fact]
    public async Task LoginMadeWithAPasswordChangedElsewhere_IsNotFlushed_BecauseOfTheCache()
    {
        await LogInAliceAsync();
        var oldKey = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(_app.CreateBrowserLikeClient(), "alice@example.com", "alice-password"));
        using var replay = AuthClient.CreateCookielessClient(_app);
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", oldKey)).StatusCode);
        // Another node changes the password and logs alice in with it; its event has not arrived here yet, so this
        // node still caches the old hash.
        var newKey = await LogInWithAPasswordChangedElsewhereAsync();

        Assert.Equal(HttpStatusCode.OK, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", newKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.SendWithSessionAsync(replay, HttpMethod.Get, "/api/me", oldKey)).StatusCode);
        Assert.False(await _app.Database.RowExistsAsync(oldKey));
    }

    private UserAccounts Accounts => _app.Services.GetRequiredService<UserAccounts>();

    /// <summary>
    /// Another node's password change and login with the new password: the table gets the new hash and a session is
    /// stored for it, but no event reaches this node, whose cache still holds the old hash. Returns the new login's key.
    /// </summary>
    private async Task<string> LogInWithAPasswordChangedElsewhereAsync()
    {
        var newHash = _app.Services.GetRequiredService<BlazorSessionDemo.Auth.Hashers.DjangoPasswordHasher>().Hash("alice-new-password-2026");
        await using (var db = _app.Database.CreateContext())
        {
            await db.Users.Where(u => u.Username == "alice").ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, newHash));
        }
        await using var scope = _app.Services.CreateAsyncScope();
        var session = await scope.ServiceProvider.GetRequiredService<DjangoSessionFactory>().OpenAsync(null);
        await session.LogInAsync(await AppData.UserAsync(_app, "alice"));
        await session.SaveAsync();
        return session.SessionKey!;
    }

    private async Task<long> AliceIdAsync() => (await AppData.UserAsync(_app, "alice")).Id;

    private async Task LogInAliceAsync()
    {
        Assert.Equal(HttpStatusCode.Found, (await AuthClient.FormLoginAsync(_client, "alice", "alice-password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/me")).StatusCode);
    }

    private async Task AssertAnonymousAsync()
    {
        var me = await _client.GetAsync("/api/me");
        var test1 = await _client.GetAsync("/api/test1");
        var backend = await _client.GetAsync("/backend");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, test1.StatusCode);
        Assert.Equal(HttpStatusCode.Found, backend.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fbackend", AuthClient.RedirectTarget(backend));
    }
}
