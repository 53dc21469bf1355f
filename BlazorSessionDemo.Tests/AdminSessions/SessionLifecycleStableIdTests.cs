using System.Text.Json.Nodes;
using DjangoSessions.Catalog;
using DjangoSessions.Lifecycle;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// Observers know a session by its stable id, not by the key of the moment: on signed_cookies every save returns a new
/// cookie (the key), yet the catalog and the events must see one session from its create to its end. A create is told
/// under the key it was created with, which is also what the cookie it returns carries (so taking the id from the
/// returned cookie would give the same id); an update under the id inside the new cookie; an end under the id of the
/// cookie ended.
/// </summary>
public sealed class SessionLifecycleStableIdTests : IDisposable
{
    private readonly RecordingLifecycleObserver _observer = new();
    private readonly LifecycleTestBed _bed;

    public SessionLifecycleStableIdTests() => _bed = new LifecycleTestBed(SessionEngineNames.SignedCookies, _observer);

    [Fact]
    public async Task SignedCookies_CreateUpdateAndEnd_AreToldUnderOneStableId_WithEachNewCookie()
    {
        var id = SessionKeys.Generate();

        var created = await _bed.Lifecycle.SaveAsync(id, new JsonObject { ["user"] = "alice" }, _bed.Tomorrow, mustCreate: true,
            CancellationToken.None);
        var updated = await _bed.Lifecycle.SaveAsync(created, new JsonObject { ["user"] = "alice", ["cart"] = 3 }, _bed.Tomorrow,
            mustCreate: false, CancellationToken.None);
        await _bed.Lifecycle.EndAsync(updated, SessionEndReason.Revoked, CancellationToken.None);

        Assert.NotEqual(id, created);
        Assert.NotEqual(created, updated);
        Assert.Equal(id, _bed.Lifecycle.StableIdOf(created));
        Assert.Collection(_observer.Saved,
            s => Assert.Equal((id, created, true), (s.SessionId, s.StoredKey, s.Created)),
            s => Assert.Equal((id, updated, false), (s.SessionId, s.StoredKey, s.Created)));
        Assert.Equal(new SessionEnded(id, SessionEndReason.Revoked), Assert.Single(_observer.Ended));
        Assert.Null(await _bed.Lifecycle.LoadAsync(created, CancellationToken.None));
    }

    public void Dispose() => _bed.Dispose();
}
