using System.Text.Json.Nodes;
using DjangoSessions.Catalog;
using DjangoSessions.Lifecycle;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// Bookkeeping is not the session (<see cref="ISessionLifecycleObserver"/>): an observer that throws after the engine
/// did its work is logged (event 1020, naming the observer) and neither fails the store operation nor stops the
/// observers after it. A cancellation is not a failure of the observer: it reaches the caller.
/// </summary>
public sealed class SessionLifecycleObserverFailureTests
{
    [Fact]
    public async Task AThrowingObserver_IsLogged_TheSaveAndTheEndSucceed_AndLaterObserversStillHear()
    {
        var later = new RecordingLifecycleObserver();
        using var bed = new LifecycleTestBed(SessionEngineNames.Db, new ThrowingLifecycleObserver(() => new InvalidOperationException("catalog down")), later);

        var key = await bed.Lifecycle.SaveAsync(SessionKeys.Generate(), new JsonObject { ["user"] = "alice" }, bed.Tomorrow, mustCreate: true,
            CancellationToken.None);
        await bed.Lifecycle.EndAsync(key, SessionEndReason.Revoked, CancellationToken.None);

        Assert.Equal(key, Assert.Single(later.Saved).SessionId);
        Assert.Equal(new SessionEnded(key, SessionEndReason.Revoked), Assert.Single(later.Ended));
        Assert.Null(await bed.Lifecycle.LoadAsync(key, CancellationToken.None));
        var failures = bed.Logs.Entries.Where(e => e.EventId.Id == 1020).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f =>
        {
            Assert.Equal(LogLevel.Warning, f.Level);
            Assert.Contains(nameof(ThrowingLifecycleObserver), f.Message);
        });
    }

    [Fact]
    public async Task AnObserverCancelled_IsNotSwallowed()
    {
        using var bed = new LifecycleTestBed(SessionEngineNames.Db, new ThrowingLifecycleObserver(() => new OperationCanceledException()));

        await Assert.ThrowsAsync<OperationCanceledException>(() => bed.Lifecycle.SaveAsync(SessionKeys.Generate(),
            new JsonObject { ["user"] = "alice" }, bed.Tomorrow, mustCreate: true, CancellationToken.None));

        Assert.DoesNotContain(bed.Logs.Entries, e => e.EventId.Id == 1020);
    }

    /// <summary>An observer whose every notification fails with the exception <paramref name="failure"/> makes.</summary>
    private sealed class ThrowingLifecycleObserver(Func<Exception> failure) : ISessionLifecycleObserver
    {
        public Task OnSavedAsync(SessionSaved saved, CancellationToken cancellationToken) => throw failure();

        public Task OnEndedAsync(SessionEnded ended, CancellationToken cancellationToken) => throw failure();

        public Task<int> OnClearExpiredAsync(CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
