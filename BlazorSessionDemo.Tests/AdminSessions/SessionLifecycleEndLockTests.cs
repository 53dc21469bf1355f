using System.Text.Json.Nodes;
using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// An end (revocation, logout elsewhere) happens under the key's write lock and records itself as a write there
/// (<c>held.Bump()</c>): a request that loaded the session before the end notices it at save time, under the lock,
/// reloads, finds the session gone and fails with Django's UpdateError without ever asking the engine to write: the
/// ended session is never written again by a save that raced the revocation.
/// </summary>
public sealed class SessionLifecycleEndLockTests : IDisposable
{
    // The cache engine can't compare and swap: the write locks' versions are all a save has to notice a racing end.
    private readonly LifecycleTestBed _bed = new(SessionEngineNames.Cache);

    [Fact]
    public async Task End_MovesTheKeysWriteVersion()
    {
        var key = await _bed.CreateSessionAsync();
        var before = _bed.Lifecycle.Locks.VersionOf(key);

        await _bed.Lifecycle.EndAsync(key, SessionEndReason.Revoked, CancellationToken.None);

        Assert.NotEqual(before, _bed.Lifecycle.Locks.VersionOf(key));
    }

    [Fact]
    public async Task ASaveThatLoadedBeforeTheEnd_ReloadsUnderTheLock_AndIsRefused_WithoutWriting()
    {
        var key = await _bed.CreateSessionAsync(new JsonObject { ["user"] = "alice" });
        var settings = _bed.Services.GetRequiredService<IOptions<DjangoSessionSettings>>().Value;
        var racing = new DjangoSession(_bed.Lifecycle, settings, _bed.Time, key);
        await racing.LoadAsync();
        racing["cart"] = 3;

        await _bed.Lifecycle.EndAsync(key, SessionEndReason.Revoked, CancellationToken.None);
        _bed.Counts.Reset();

        await Assert.ThrowsAsync<SessionUpdateException>(() => racing.SaveAsync());
        // One reload (the racing end moved the version), no write reached the engine.
        Assert.Equal((1, 0, 0), _bed.Counts.Totals);
        Assert.Null(await _bed.Lifecycle.LoadAsync(key, CancellationToken.None));
    }

    public void Dispose() => _bed.Dispose();
}
