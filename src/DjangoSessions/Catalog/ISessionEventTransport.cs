namespace DjangoSessions.Catalog;

/// <summary>
/// Carries session events between the nodes of one deployment (Redis pub/sub, PostgreSQL LISTEN/NOTIFY, a polled
/// outbox table). <see cref="ISessionEventBus"/> sends every local event through each active transport and republishes
/// what arrives from other nodes to its local subscribers. Delivery is at most once: a transport that was disconnected
/// reports the gap, and the relay then re-checks the sessions of this node's open pages against the catalog.
/// </summary>
public interface ISessionEventTransport
{
    /// <summary>Whether this transport runs in the app's configuration (Redis pub/sub only when the engine is redis).</summary>
    bool IsActive { get; }

    /// <summary>
    /// Starts listening. Each message from the channel goes to <paramref name="received"/> (this node's own included;
    /// the bus drops those); <paramref name="gap"/> is called after the transport was disconnected and may have lost
    /// messages. Returns once listening, or throws when the store is unreachable (the relay retries).
    /// </summary>
    Task StartAsync(Action<SessionEventMessage> received, Action gap, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="message"/> to the other nodes without waiting; never throws (a lost message is a gap).</summary>
    void Send(SessionEventMessage message);
}
