using System.Text.Json.Nodes;
using DjangoSessions.Lifecycle;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// The lifecycle's compare-and-swap path (the db engine's <c>UPDATE ... WHERE session_data = @loaded</c>): a versioned
/// load counts as a read, a conditional save as a write; a save that lands tells the observers (an update, under the
/// session's stable id), one that finds the data changed writes nothing and tells nobody. On an engine that can't
/// compare and swap both calls refuse with a message saying so, before touching the store.
/// </summary>
public sealed class SessionLifecycleCompareAndSwapTests : IDisposable
{
    private const string CantSwap = "This session engine can't compare and swap.";

    private readonly RecordingLifecycleObserver _observer = new();
    private readonly LifecycleTestBed _bed;

    public SessionLifecycleCompareAndSwapTests() => _bed = new LifecycleTestBed(observers: _observer);

    [Fact]
    public async Task SwapSave_OverTheVersionLoaded_Lands_CountsAReadAndAWrite_AndTellsObserversOfAnUpdate()
    {
        var key = await _bed.CreateSessionAsync();
        _observer.Saved.Clear();
        Assert.True(_bed.Lifecycle.ComparesAndSwaps);

        var loaded = await _bed.Lifecycle.LoadVersionedAsync(key, CancellationToken.None);
        Assert.NotNull(loaded);
        var data = new JsonObject { ["user"] = "alice", ["cart"] = 3 };
        var version = await _bed.Lifecycle.SaveIfUnchangedAsync(key, data, _bed.Tomorrow, loaded.Version, CancellationToken.None);

        Assert.NotNull(version);
        Assert.NotEqual(loaded.Version, version);
        Assert.Equal((1, 1, 0), _bed.Counts.Totals);
        var saved = Assert.Single(_observer.Saved);
        Assert.Equal((key, key, _bed.Tomorrow, false), (saved.SessionId, saved.StoredKey, saved.ExpireDate, saved.Created));
        Assert.Same(data, saved.Data);
        Assert.Equal(3, (int?)(await _bed.Lifecycle.LoadAsync(key, CancellationToken.None))?["cart"]);
    }

    [Fact]
    public async Task SwapSave_OverAStaleVersion_WritesNothing_AndTellsNobody()
    {
        var key = await _bed.CreateSessionAsync();
        var stale = (await _bed.Lifecycle.LoadVersionedAsync(key, CancellationToken.None))!.Version;
        // Another writer lands in between.
        await _bed.Lifecycle.SaveAsync(key, new JsonObject { ["user"] = "alice", ["theme"] = "dark" }, _bed.Tomorrow, mustCreate: false,
            CancellationToken.None);
        _observer.Saved.Clear();

        var version = await _bed.Lifecycle.SaveIfUnchangedAsync(key, new JsonObject { ["user"] = "mallory" }, _bed.Tomorrow, stale,
            CancellationToken.None);

        Assert.Null(version);
        Assert.Empty(_observer.Saved);
        Assert.Equal("dark", (string?)(await _bed.Lifecycle.LoadAsync(key, CancellationToken.None))?["theme"]);
    }

    [Fact]
    public async Task OnAnEngineThatCantSwap_BothCallsRefuse_WithAMessage_AndCountNothing()
    {
        using var bed = new LifecycleTestBed(SessionEngineNames.Cache, _observer);
        var key = await bed.CreateSessionAsync();
        _observer.Saved.Clear();
        Assert.False(bed.Lifecycle.ComparesAndSwaps);

        var load = await Assert.ThrowsAsync<NotSupportedException>(() => bed.Lifecycle.LoadVersionedAsync(key, CancellationToken.None));
        var save = await Assert.ThrowsAsync<NotSupportedException>(() =>
            bed.Lifecycle.SaveIfUnchangedAsync(key, new JsonObject(), bed.Tomorrow, "any", CancellationToken.None));

        Assert.Equal(CantSwap, load.Message);
        Assert.Equal(CantSwap, save.Message);
        Assert.Equal((0, 0, 0), bed.Counts.Totals);
        Assert.Empty(_observer.Saved);
    }

    [Fact]
    public async Task TheBareLifecycle_OfAnEngineThatCantSwap_SaysSoToo()
    {
        using var bed = new LifecycleTestBed(SessionEngineNames.Cache);
        var bare = new SessionLifecycle(bed.Lifecycle.Engine);

        Assert.False(bare.ComparesAndSwaps);
        var refused = await Assert.ThrowsAsync<NotSupportedException>(() => bare.LoadVersionedAsync(SessionKeys.Generate(), CancellationToken.None));
        Assert.Equal(CantSwap, refused.Message);
    }

    public void Dispose() => _bed.Dispose();
}
