using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions.Catalog;

/// <summary>
/// Runs the node's event transports and makes up for what they lose. Pub/sub delivers at most once: while a node is
/// disconnected, another node's logout never reaches it. So after every reconnect, and every
/// <c>Session:EventResyncInterval</c> (30 s) whatever happened, the relay asks the shared catalog in one query which of
/// the sessions this node's open pages watch still exist, and announces the missing ones as ended, so those pages
/// leave as if the message had arrived. Does nothing on a single node (no active transport).
/// </summary>
internal sealed class SessionEventRelay(
    ISessionEventBus bus,
    ISessionCatalog catalog,
    IOptions<SessionCatalogSettings> settings,
    TimeProvider time,
    ILogger<SessionEventRelay> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _gapSignal = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (bus is not NodeSpanningSessionEventBus nodes || nodes.ActiveTransports.Count == 0)
        {
            return;
        }
        foreach (var transport in nodes.ActiveTransports)
        {
            _ = ListenAsync(nodes, transport, stoppingToken);
        }
        var interval = settings.Value.EventResyncInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Whichever comes first: a transport's gap or the periodic check.
                await _gapSignal.WaitAsync(interval, stoppingToken);
                await ResyncAsync(nodes, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Starts one transport, retrying while its store is unreachable; a start after a failure is a gap too.</summary>
    private async Task ListenAsync(NodeSpanningSessionEventBus nodes, ISessionEventTransport transport, CancellationToken stoppingToken)
    {
        var failed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await transport.StartAsync(nodes.Receive, SignalGap, stoppingToken);
                SessionEventRelayLog.Listening(logger, transport.GetType().Name, nodes.NodeId);
                if (failed)
                {
                    SignalGap();
                }
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (!failed)
                {
                    SessionEventRelayLog.StartFailed(logger, transport.GetType().Name, ex);
                }
                failed = true;
                try
                {
                    await Task.Delay(RetryDelay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void SignalGap()
    {
        try
        {
            _gapSignal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A re-check is already due.
        }
    }

    /// <summary>One re-check: the watched sessions the catalog no longer holds are announced (here only) as ended.</summary>
    internal async Task<int> ResyncAsync(NodeSpanningSessionEventBus nodes, CancellationToken cancellationToken)
    {
        // Per-node copies (cached_db's in-process cache) may have missed a Saved or Ended: they start over from the store.
        nodes.ReportMissed();
        var watched = nodes.WatchedFingerprints();
        if (watched.Length == 0)
        {
            return 0;
        }
        IReadOnlySet<string> live;
        try
        {
            live = await catalog.FindLiveFingerprintsAsync(watched, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The catalog's database is down too: nothing is known, so nothing is ended; the next check tries again.
            SessionEventRelayLog.ResyncFailed(logger, ex);
            return 0;
        }
        var ended = 0;
        foreach (var fingerprint in watched)
        {
            if (!live.Contains(fingerprint))
            {
                // Why it ended is unknown here (logout, revocation, expiry); "ended" sends the page to the login page.
                nodes.PublishLocally(new SessionEvent(SessionEventKind.Ended, fingerprint, null, SessionEndReason.Revoked));
                ended++;
            }
        }
        if (ended > 0)
        {
            SessionEventRelayLog.Resynced(logger, ended, watched.Length);
        }
        return ended;
    }

    public override void Dispose()
    {
        _gapSignal.Dispose();
        base.Dispose();
    }
}

internal static partial class SessionEventRelayLog
{
    [LoggerMessage(EventId = 1421, Level = LogLevel.Information, Message = "Session events: {Transport} is listening (node {NodeId}).")]
    public static partial void Listening(ILogger logger, string transport, string nodeId);

    [LoggerMessage(EventId = 1422, Level = LogLevel.Warning,
        Message = "Session events: {Transport} could not start; retrying in the background (other nodes' events are missed meanwhile).")]
    public static partial void StartFailed(ILogger logger, string transport, Exception exception);

    [LoggerMessage(EventId = 1423, Level = LogLevel.Warning, Message = "Session events: re-checking the open pages' sessions failed; trying again later.")]
    public static partial void ResyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1424, Level = LogLevel.Information,
        Message = "Session events: {Ended} of {Watched} watched session(s) ended while a message was missed; their pages were told.")]
    public static partial void Resynced(ILogger logger, int ended, int watched);
}
