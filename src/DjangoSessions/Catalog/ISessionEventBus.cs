using Microsoft.Extensions.Logging;

namespace DjangoSessions.Catalog;

/// <summary>What happened to a session in a <see cref="SessionEvent"/>.</summary>
public enum SessionEventKind
{
    /// <summary>First saved.</summary>
    Created,
    /// <summary>Deleted, replaced or revoked before it expired (see <see cref="SessionEvent.Reason"/>).</summary>
    Ended,
    /// <summary>Used by a request (throttled: at most one per <c>Session:ActivityInterval</c>).</summary>
    Activity,
    /// <summary>Its expiry date passed and the catalog swept it.</summary>
    Expired,
    /// <summary>
    /// Not a session's event: the user's account changed (password, active flag, deletion), so account data cached for
    /// <see cref="SessionEvent.UserId"/> must be dropped on every node. <see cref="SessionEvent.Fingerprint"/> is empty.
    /// </summary>
    AccountChanged,
    /// <summary>
    /// Saved by a request on another node: sent between nodes only (<see cref="NodeSpanningSessionEventBus.SendToOtherNodes"/>),
    /// never to this node's subscribers, so a per-node copy of the session (cached_db's in-process cache) is dropped.
    /// </summary>
    Saved,
}

/// <summary>Why a session ended.</summary>
public enum SessionEndReason
{
    /// <summary>Deleted by a request of its own browser: logout (<c>flush()</c>), or a Django peer's <c>delete()</c>.</summary>
    Deleted,

    /// <summary>Replaced by a new key in the same request (<c>cycle_key()</c> at login): the browser holds the new one.</summary>
    Replaced,

    /// <summary>Ended from elsewhere: by an admin, or by its user from another session.</summary>
    Revoked,

    /// <summary>Its expiry date passed.</summary>
    Expired,
}

/// <summary>
/// A change to the set of live sessions (carries the fingerprint, never the key), or to a user's account
/// (<see cref="SessionEventKind.AccountChanged"/>: user id only).
/// </summary>
public sealed record SessionEvent(SessionEventKind Kind, string Fingerprint, string? UserId, SessionEndReason? Reason = null)
{
    /// <summary>The session can no longer be used: ended or expired.</summary>
    public bool IsEnd => Kind is SessionEventKind.Ended or SessionEventKind.Expired;
}

/// <summary>
/// The event stream of the session catalog: subscribers hear of every created, ended, active and expired session as it
/// happens, so a page updates live without each circuit polling the store. Handlers run on the publisher's thread and
/// must only hand the event on (a component calls <c>InvokeAsync</c>); a throwing handler never stops the others or the
/// publisher. The default, <see cref="NodeSpanningSessionEventBus"/>, hands events to this process's subscribers and to
/// every active <see cref="ISessionEventTransport"/> (Redis pub/sub, ...), and republishes other nodes' events locally.
/// </summary>
public interface ISessionEventBus
{
    /// <summary>Every event (an admin list). Dispose the result to stop.</summary>
    IDisposable Subscribe(Action<SessionEvent> handler);

    /// <summary>The events of one session only (a page watching its own session).</summary>
    IDisposable SubscribeToSession(string fingerprint, Action<SessionEvent> handler);

    /// <summary>Announces <paramref name="sessionEvent"/> to the subscribers.</summary>
    void Publish(SessionEvent sessionEvent);
}

/// <summary>The in-process <see cref="ISessionEventBus"/>: subscribers of this process only.</summary>
public sealed class InProcessSessionEventBus(ILogger<InProcessSessionEventBus> logger) : ISessionEventBus
{
    private readonly Lock _gate = new();
    private Action<SessionEvent>[] _all = [];
    private readonly Dictionary<string, Action<SessionEvent>[]> _bySession = new(StringComparer.Ordinal);

    /// <summary>Every event (an admin list). Dispose the result to stop.</summary>
    public IDisposable Subscribe(Action<SessionEvent> handler)
    {
        lock (_gate)
        {
            _all = [.. _all, handler];
        }
        return new Subscription(() =>
        {
            lock (_gate)
            {
                _all = [.. _all.Where(h => h != handler)];
            }
        });
    }

    /// <summary>The events of one session only (a page watching its own session): a dictionary lookup per event, not a scan.</summary>
    public IDisposable SubscribeToSession(string fingerprint, Action<SessionEvent> handler)
    {
        lock (_gate)
        {
            _bySession[fingerprint] = [.. _bySession.GetValueOrDefault(fingerprint) ?? [], handler];
        }
        return new Subscription(() =>
        {
            lock (_gate)
            {
                if (_bySession.TryGetValue(fingerprint, out var handlers))
                {
                    var rest = handlers.Where(h => h != handler).ToArray();
                    if (rest.Length == 0)
                    {
                        _bySession.Remove(fingerprint);
                    }
                    else
                    {
                        _bySession[fingerprint] = rest;
                    }
                }
            }
        });
    }

    /// <summary>The sessions this process's pages watch (for the relay's re-check after a missed message).</summary>
    internal string[] WatchedFingerprints()
    {
        lock (_gate)
        {
            return [.. _bySession.Keys];
        }
    }

    /// <inheritdoc/>
    public void Publish(SessionEvent sessionEvent)
    {
        Action<SessionEvent>[] all;
        Action<SessionEvent>[]? own;
        lock (_gate)
        {
            all = _all;
            own = _bySession.GetValueOrDefault(sessionEvent.Fingerprint);
        }
        foreach (var handler in own is null ? all : [.. own, .. all])
        {
            try
            {
                handler(sessionEvent);
            }
            catch (Exception ex)
            {
                SessionCatalogLog.EventHandlerFailed(logger, sessionEvent.Kind, ex);
            }
        }
    }

    internal sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
