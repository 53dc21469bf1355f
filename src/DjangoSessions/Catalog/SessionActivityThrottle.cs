using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Catalog;

/// <summary>
/// Remembers in memory when each session's activity was last written, so a session is touched in the catalog at most
/// once per <see cref="SessionCatalogSettings.ActivityInterval"/>: a page view that only reads the session costs no write.
/// </summary>
internal sealed class SessionActivityThrottle(TimeProvider time, IOptions<SessionCatalogSettings> settings)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastTouched = new(StringComparer.Ordinal);

    /// <summary>True (and the time noted) when the session's activity is due to be written.</summary>
    public bool ShouldTouch(string sessionId)
    {
        var now = time.GetUtcNow();
        // Nearly every request of a session comes within the interval: answered by a read, without the update's
        // closure and the new node ConcurrentDictionary makes for every DateTimeOffset it stores.
        return (!_lastTouched.TryGetValue(sessionId, out var noted) || now - noted >= settings.Value.ActivityInterval)
            && ClaimTouch(sessionId, now);
    }

    // Apart from ShouldTouch so its closure is only made when a touch may be due: of two racing requests, one wins.
    private bool ClaimTouch(string sessionId, DateTimeOffset now)
    {
        var due = true;
        _lastTouched.AddOrUpdate(sessionId, now, (_, last) =>
        {
            due = now - last >= settings.Value.ActivityInterval;
            return due ? now : last;
        });
        return due;
    }

    /// <summary>A save just wrote the activity: no touch needed for a while.</summary>
    public void Recorded(string sessionId) => _lastTouched[sessionId] = time.GetUtcNow();

    public void Forget(string sessionId) => _lastTouched.TryRemove(sessionId, out _);

    /// <summary>Drops entries old enough that their sessions are due anyway, so ended sessions don't pile up.</summary>
    public void Prune()
    {
        var cutoff = time.GetUtcNow() - settings.Value.ActivityInterval;
        foreach (var (id, last) in _lastTouched)
        {
            if (last < cutoff)
            {
                _lastTouched.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, last));
            }
        }
    }
}
