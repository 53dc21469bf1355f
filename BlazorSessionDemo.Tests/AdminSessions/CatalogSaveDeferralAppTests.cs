using System.Net;
using BlazorSessionDemo.Tests.Auth;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// The app with SESSION_SAVE_EVERY_REQUEST on (every request saves, rolling the expiry): those saves wait instead of
/// writing the catalog each time; the expiry sweep's tick writes them an interval later, and so does the host's stop.
/// </summary>
public sealed class CatalogSaveDeferralAppTests : IAsyncDisposable
{
    private readonly FakeClockApp _clockApp = new(new() { ["Session:SaveEveryRequest"] = "true" });

    public ValueTask DisposeAsync() => _clockApp.DisposeAsync();

    [Fact]
    public async Task SavesOfEveryRequest_Wait_AndTheSweepThenTheStopWriteTheirLatestExpiry()
    {
        var (app, time, client) = (_clockApp.App, _clockApp.Time, _clockApp.NewClient());
        var key = AuthClient.SessionKeyOf(await AuthClient.FormLoginAsync(client, "bob", "bob-password"));
        var atLogin = await LiveSessions.EntryOfAsync(app, key);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(atLogin, await LiveSessions.EntryOfAsync(app, key));

        time.Advance(TimeSpan.FromSeconds(50));
        await _clockApp.Sweeper.SweepAsync(CancellationToken.None);
        var swept = await LiveSessions.EntryOfAsync(app, key);
        Assert.Equal(atLogin.ExpireDate.AddSeconds(10), swept.ExpireDate);
        Assert.Equal(atLogin.LastActivity.AddSeconds(10), swept.LastActivity);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(swept, await LiveSessions.EntryOfAsync(app, key));
        await _clockApp.Sweeper.StopAsync(CancellationToken.None);
        Assert.Equal(atLogin.ExpireDate.AddSeconds(65), (await LiveSessions.EntryOfAsync(app, key)).ExpireDate);
    }
}
