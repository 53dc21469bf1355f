using System.Text.Json.Nodes;
using DjangoSessions.Catalog;
using DjangoSessions.Lifecycle;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// Each store round trip through <see cref="DjangoSessions.Lifecycle.SessionLifecycle"/> is counted once on the
/// <c>DjangoSessions</c> meter (reads: load and exists; writes: save; deletes: an end), and a key the engine could never
/// have issued costs nothing: no store operation, no count. Django's lazy sessions are measured by these counters
/// (Metrics/StoreOperationsPerRequestTests, the benchmarks), so a lost count would hide a query.
/// </summary>
public sealed class SessionLifecycleStoreCountTests : IDisposable
{
    private const string Malformed = "not a key: spaces, punctuation and far too short";

    private readonly RecordingLifecycleObserver _observer = new();
    private readonly LifecycleTestBed _bed;

    public SessionLifecycleStoreCountTests() => _bed = new LifecycleTestBed(observers: _observer);

    [Fact]
    public async Task Load_CountsOneRead()
    {
        var key = await _bed.CreateSessionAsync();

        var data = await _bed.Lifecycle.LoadAsync(key, CancellationToken.None);

        Assert.Equal("alice", (string?)data?["user"]);
        Assert.Equal((1, 0, 0), _bed.Counts.Totals);
    }

    [Fact]
    public async Task Save_CountsOneWrite_CreateAndUpdateAlike()
    {
        var key = await _bed.Lifecycle.SaveAsync(SessionKeys.Generate(), new JsonObject { ["n"] = 1 }, _bed.Tomorrow, mustCreate: true,
            CancellationToken.None);
        Assert.Equal((0, 1, 0), _bed.Counts.Totals);

        await _bed.Lifecycle.SaveAsync(key, new JsonObject { ["n"] = 2 }, _bed.Tomorrow, mustCreate: false, CancellationToken.None);

        Assert.Equal((0, 2, 0), _bed.Counts.Totals);
    }

    [Fact]
    public async Task Exists_OfAWellFormedKey_AsksTheStore_AndCountsOneRead()
    {
        var key = await _bed.CreateSessionAsync();

        Assert.True(await _bed.Lifecycle.ExistsAsync(key, CancellationToken.None));
        Assert.Equal((1, 0, 0), _bed.Counts.Totals);
        // Well-formed but unknown: the store is asked (and says no).
        Assert.False(await _bed.Lifecycle.ExistsAsync(SessionKeys.Generate(), CancellationToken.None));
        Assert.Equal((2, 0, 0), _bed.Counts.Totals);
    }

    [Fact]
    public async Task Exists_OfAMalformedKey_IsFalse_WithoutAStoreRead()
    {
        await _bed.CreateSessionAsync();

        Assert.False(await _bed.Lifecycle.ExistsAsync(Malformed, CancellationToken.None));
        Assert.False(await _bed.Lifecycle.ExistsAsync("", CancellationToken.None));

        Assert.Equal((0, 0, 0), _bed.Counts.Totals);
    }

    [Fact]
    public async Task End_CountsOneDelete_AndTheSessionIsGone()
    {
        var key = await _bed.CreateSessionAsync();

        await _bed.Lifecycle.EndAsync(key, SessionEndReason.Revoked, CancellationToken.None);

        Assert.Equal((0, 0, 1), _bed.Counts.Totals);
        Assert.Null(await _bed.Lifecycle.LoadAsync(key, CancellationToken.None));
        Assert.Equal(new SessionEnded(key, SessionEndReason.Revoked), Assert.Single(_observer.Ended));
    }

    [Fact]
    public async Task End_OfAMalformedKey_IsIgnored_NoDeleteNoEndAnnounced()
    {
        var key = await _bed.CreateSessionAsync();
        var versionBefore = _bed.Lifecycle.Locks.VersionOf(Malformed);

        await _bed.Lifecycle.EndAsync(Malformed, SessionEndReason.Revoked, CancellationToken.None);

        Assert.Equal((0, 0, 0), _bed.Counts.Totals);
        Assert.Empty(_observer.Ended);
        Assert.Equal(versionBefore, _bed.Lifecycle.Locks.VersionOf(Malformed));
        Assert.NotNull(await _bed.Lifecycle.LoadAsync(key, CancellationToken.None));
    }

    public void Dispose() => _bed.Dispose();
}
