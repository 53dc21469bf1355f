namespace DjangoSessions.Catalog;

/// <summary>
/// The <see cref="ISessionEventBus"/> of a node among several: local subscribers hear every event at once, as with
/// <see cref="InProcessSessionEventBus"/>; each event is also sent through the active <see cref="ISessionEventTransport"/>s,
/// and what other nodes send is published to the local subscribers (never sent on again, so nothing loops). With no
/// active transport (one node, SQLite, in-process cache) it is the in-process bus and nothing more.
/// </summary>
public sealed class NodeSpanningSessionEventBus : ISessionEventBus
{
    private readonly InProcessSessionEventBus _local;
    private readonly Lazy<ISessionEventTransport[]> _transports;
    private readonly Lock _gate = new();
    private OtherNodesSubscriber[] _otherNodes = [];

    /// <summary>A bus over <paramref name="local"/>, sending through those of <paramref name="transports"/> that are active.</summary>
    public NodeSpanningSessionEventBus(InProcessSessionEventBus local, IEnumerable<ISessionEventTransport> transports)
    {
        _local = local;
        // Asked on first use, not at construction: IsActive reads options that must not be resolved in a constructor.
        _transports = new(() => [.. transports.Where(t => t.IsActive)]);
    }

    /// <summary>This process's name on the transports: random per start, so a restarted node is a new origin.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The transports events go through; empty on a single node.</summary>
    public IReadOnlyList<ISessionEventTransport> ActiveTransports => _transports.Value;

    /// <inheritdoc/>
    public IDisposable Subscribe(Action<SessionEvent> handler) => _local.Subscribe(handler);

    /// <inheritdoc/>
    public IDisposable SubscribeToSession(string fingerprint, Action<SessionEvent> handler) => _local.SubscribeToSession(fingerprint, handler);

    /// <summary>Announces <paramref name="sessionEvent"/> here and on every other node.</summary>
    public void Publish(SessionEvent sessionEvent)
    {
        _local.Publish(sessionEvent);
        SendToOtherNodes(sessionEvent);
    }

    /// <summary>
    /// Sends <paramref name="sessionEvent"/> to the other nodes only: news that matters to their per-node state
    /// (a <see cref="SessionEventKind.Saved"/> session whose cached copy they must drop), not to this node's pages.
    /// </summary>
    public void SendToOtherNodes(SessionEvent sessionEvent)
    {
        var transports = _transports.Value;
        if (transports.Length == 0)
        {
            return;
        }
        var message = new SessionEventMessage(NodeId, sessionEvent);
        foreach (var transport in transports)
        {
            transport.Send(message);
        }
    }

    /// <summary>
    /// What the other nodes send, <see cref="SessionEventKind.Saved"/> included, for a per-node copy of shared state
    /// (cached_db's in-process cache). <paramref name="missed"/> is called when messages may have been lost (after a
    /// transport's gap, and at every periodic re-check): drop every copy. Never called on a single node.
    /// </summary>
    public IDisposable SubscribeToOtherNodes(Action<SessionEvent> received, Action missed)
    {
        var subscriber = new OtherNodesSubscriber(received, missed);
        lock (_gate)
        {
            _otherNodes = [.. _otherNodes, subscriber];
        }
        return new InProcessSessionEventBus.Subscription(() =>
        {
            lock (_gate)
            {
                _otherNodes = [.. _otherNodes.Where(s => s != subscriber)];
            }
        });
    }

    /// <summary>
    /// A message from a transport: another node's event is announced here (a <see cref="SessionEventKind.Saved"/> one
    /// only to <see cref="SubscribeToOtherNodes"/>); this node's own echo is dropped.
    /// </summary>
    public void Receive(SessionEventMessage message)
    {
        if (message.Origin == NodeId)
        {
            return;
        }
        foreach (var subscriber in Volatile.Read(ref _otherNodes))
        {
            subscriber.Received(message.Event);
        }
        if (message.Event.Kind != SessionEventKind.Saved)
        {
            _local.Publish(message.Event);
        }
    }

    /// <summary>Tells <see cref="SubscribeToOtherNodes"/> subscribers that messages may have been lost.</summary>
    internal void ReportMissed()
    {
        foreach (var subscriber in Volatile.Read(ref _otherNodes))
        {
            subscriber.Missed();
        }
    }

    /// <summary>Announces locally only: the relay's verdict after a gap, which every node reaches on its own.</summary>
    internal void PublishLocally(SessionEvent sessionEvent) => _local.Publish(sessionEvent);

    internal string[] WatchedFingerprints() => _local.WatchedFingerprints();

    private sealed record OtherNodesSubscriber(Action<SessionEvent> Received, Action Missed);
}
