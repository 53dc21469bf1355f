using System.Net;
using DjangoSessions.Catalog;
using BlazorSessionDemo.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// The catalog on the app's clock (a fake one here): last activity is written at most once a minute per session, and
/// the expiry sweep takes sessions off the list - announcing each - once their expiry date has passed.
/// </summary>
public sealed class CatalogClockTests : IAsyncDisposable
{
    private readonly FakeClockApp _clockApp = new();
    private readonly FakeTimeProvider _time;
    private readonly WebApplicationFactory<Program> _app;
    private readonly AppFactory _factory;

    public CatalogClockTests() => (_time, _app, _factory) = (_clockApp.Time, _clockApp.App, _clockApp.Factory);

    public ValueTask DisposeAsync() => _clockApp.DisposeAsync();

    [Fact]
    public async Task LastActivity_IsWrittenAtMostOncePerMinute_EvenWhenEveryRequestUsesTheSession()
    {
        var client = NewClient();
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password"));
        var loggedInAt = _time.GetUtcNow();

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        var afterThirtySeconds = (await LiveSessions.EntryOfAsync(_app, key)).LastActivity;
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        var afterSixtyOneSeconds = (await LiveSessions.EntryOfAsync(_app, key)).LastActivity;

        Assert.Equal(loggedInAt, afterThirtySeconds);
        Assert.Equal(loggedInAt.AddSeconds(61), afterSixtyOneSeconds);
    }

    [Fact]
    public async Task ExpirySweep_TakesTheSessionOffTheList_OnceItsExpiryPassed_AndAnnouncesExpired()
    {
        var client = NewClient();
        // The API login sets the seed's 300-second expiry.
        var key = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(client, "alice@example.com", "alice-password"));
        var fingerprint = LiveSessions.FingerprintOf(_app, key);
        var heard = new List<SessionEvent>();
        using var subscription = _app.Services.GetRequiredService<ISessionEventBus>().SubscribeToSession(fingerprint, heard.Add);
        var sweeper = _clockApp.Sweeper;

        _time.Advance(TimeSpan.FromSeconds(299));
        await sweeper.SweepAsync(CancellationToken.None);
        Assert.Empty(heard);
        _time.Advance(TimeSpan.FromSeconds(1));
        await sweeper.SweepAsync(CancellationToken.None);

        var expired = Assert.Single(heard);
        Assert.Equal(SessionEventKind.Expired, expired.Kind);
        Assert.DoesNotContain(await LiveSessions.AllAsync(_app), e => e.Fingerprint == fingerprint);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task ClearExpired_RemovesExpiredSessionsFromTheEngineAndTheList_AndKeepsLiveOnes()
    {
        var expiring = AuthClient.SessionKeyOf(await AuthClient.ApiLoginAsync(NewClient(), "alice@example.com", "alice-password"));
        var lasting = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(NewClient(), "bob", "bob-password"));
        _time.Advance(TimeSpan.FromSeconds(301));

        var cleared = await LiveSessions.RevokeAsync(_app, r => r.ClearExpiredAsync());

        Assert.Equal(new ClearExpiredResult(FromEngine: 1, FromCatalog: 1), cleared);
        Assert.False(await _factory.Database.RowExistsAsync(expiring));
        Assert.True(await _factory.Database.RowExistsAsync(lasting));
        Assert.Equal(LiveSessions.FingerprintOf(_app, lasting), Assert.Single(await LiveSessions.AllAsync(_app)).Fingerprint);
    }

    private HttpClient NewClient() => _clockApp.NewClient();
}
