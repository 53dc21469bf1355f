using System.Globalization;
using DjangoSessions.Catalog;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// What the app announces as sessions come and go (what live pages react to): a login creates, cycle_key replaces the
/// anonymous session, a logout deletes, a revocation revokes. Events name sessions by fingerprint only.
/// </summary>
public sealed class SessionEventStreamTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private readonly List<SessionEvent> _events = [];
    private IDisposable? _subscription;

    public Task InitializeAsync()
    {
        _subscription = _app.Services.GetRequiredService<ISessionEventBus>().Subscribe(e => { lock (_events) { _events.Add(e); } });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _subscription?.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task FormLogin_ReplacesTheAnonymousSession_ThenLogoutDeletesTheNewOne()
    {
        var alice = await AppData.UserAsync(_app, "alice");
        var client = _app.CreateBrowserLikeClient();
        var anonymous = AuthClient.SessionKeyOf(await AntiforgeryForm.PostAsync(client, "/session_test/", "write"));
        var loggedIn = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(client, "alice", "alice-password"));
        await AuthClient.PostLogoutFormAsync(client);

        var aliceId = alice.Id.ToString(CultureInfo.InvariantCulture);
        var anonymousPrint = LiveSessions.FingerprintOf(_app, anonymous);
        var loggedInPrint = LiveSessions.FingerprintOf(_app, loggedIn);
        Assert.Equal(
            [
                new SessionEvent(SessionEventKind.Created, anonymousPrint, null),
                new SessionEvent(SessionEventKind.Created, loggedInPrint, null),
                new SessionEvent(SessionEventKind.Ended, anonymousPrint, null, SessionEndReason.Replaced),
                new SessionEvent(SessionEventKind.Ended, loggedInPrint, aliceId, SessionEndReason.Deleted),
            ],
            Snapshot().Where(e => e.Kind != SessionEventKind.Activity));
        Assert.Contains(new SessionEvent(SessionEventKind.Activity, loggedInPrint, aliceId), Snapshot());
        Assert.Empty(await LiveSessions.AllAsync(_app));
    }

    [Fact]
    public async Task Revocation_AnnouncesRevoked_ForThatSessionOnly()
    {
        var client = _app.CreateBrowserLikeClient();
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(client, "bob@example.com", "bob-password"));
        var entry = await LiveSessions.EntryOfAsync(_app, key);
        var heard = new List<SessionEvent>();
        using var own = _app.Services.GetRequiredService<ISessionEventBus>().SubscribeToSession(entry.Fingerprint, heard.Add);

        await LiveSessions.RevokeAsync(_app, r => r.EndAsync([entry.Id]));

        var ended = Assert.Single(heard);
        Assert.Equal(SessionEndReason.Revoked, ended.Reason);
        Assert.True(ended.IsEnd);
        Assert.DoesNotContain(Snapshot(), e => e.Fingerprint.Contains(key, StringComparison.Ordinal));
    }

    private List<SessionEvent> Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }
}
