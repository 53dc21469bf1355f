using DjangoSessions.Catalog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// Session events between nodes over Redis pub/sub, active whenever the engine is <c>redis</c> (the nodes already share
/// that server, so no setting is needed). The channel is <c>{Prefix}:session-events</c>: apps with different prefixes on
/// one server don't hear each other. It also listens to Redis's own expiry notifications for this prefix, so a session
/// whose TTL ran out is announced as soon as Redis drops it, when the server has <c>notify-keyspace-events</c> with
/// <c>E</c> and <c>x</c> (otherwise the catalog's expiry sweep announces it, within <c>Session:ExpirySweepInterval</c>);
/// on a Redis Cluster, from every primary.
/// StackExchange.Redis resubscribes by itself after a reconnect; messages published meanwhile are lost, which is
/// reported as a gap.
/// </summary>
internal sealed class RedisSessionEventTransport(
    RedisSessionConnection connection,
    IOptions<DjangoSessionSettings> sessionSettings,
    IOptions<RedisSessionSettings> redisSettings,
    ILogger<RedisSessionEventTransport> logger) : ISessionEventTransport
{
    private const string ExpiryOrigin = "redis-expiry";
    private ISubscriber? _subscriber;

    public bool IsActive => sessionSettings.Value.Engine == SessionEngineNames.Redis;

    // Built once: Send runs for every session event of this node.
    private readonly RedisChannel _channel = RedisChannel.Literal(
        string.IsNullOrEmpty(redisSettings.Value.Prefix) ? "session-events" : $"{redisSettings.Value.Prefix}:session-events");

    public async Task StartAsync(Action<SessionEventMessage> received, Action gap, CancellationToken cancellationToken)
    {
        var multiplexer = await connection.GetMultiplexerAsync(cancellationToken);
        var subscriber = multiplexer.GetSubscriber();
        // __keyevent@{Db}__:expired. A Redis Cluster announces an expiry only on the primary that held the key (unlike
        // PUBLISH, which every node relays), so this channel is StackExchange.Redis's multi-node kind: subscribed on
        // every primary it knows, and again on one that reconnects. On a single server it is the one subscription.
        var expiries = RedisChannel.KeyEvent(KeyNotificationType.Expired, redisSettings.Value.Db);
        try
        {
            // Throws while Redis is down (fail-fast): the relay retries, and counts the wait as a gap.
            await subscriber.SubscribeAsync(_channel, (_, value) =>
            {
                if (SessionEventMessage.TryParse(value.ToString()) is { } message)
                {
                    received(message);
                }
            });
            await subscriber.SubscribeAsync(expiries, (_, key) =>
            {
                if (RedisSessionEngine.SessionKeyOf(key.ToString(), redisSettings.Value.Prefix) is { } sessionKey)
                {
                    received(new SessionEventMessage(ExpiryOrigin,
                        new SessionEvent(SessionEventKind.Expired, SessionFingerprint.Of(sessionKey), null, SessionEndReason.Expired)));
                }
            });
        }
        catch
        {
            // Half subscribed: undo, so the relay's retry doesn't hear every message twice.
            try
            {
                subscriber.UnsubscribeAll(CommandFlags.FireAndForget);
            }
            catch (RedisException)
            {
                // Unreachable: if the client kept a handler anyway, the retry adds a second one and some events are
                // heard twice here, which every subscriber tolerates (a page leaves once, a cache entry drops once).
            }
            throw;
        }
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                gap();
            }
        };
        Volatile.Write(ref _subscriber, subscriber);
        await WarnWithoutExpiryNotificationsAsync(multiplexer);
    }

    public void Send(SessionEventMessage message)
    {
        if (Volatile.Read(ref _subscriber) is not { } subscriber)
        {
            return;
        }
        try
        {
            subscriber.Publish(_channel, message.ToJson(), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // Redis is down: the other nodes re-check their pages after they reconnect (the relay's resync).
            RedisEventLog.SendFailed(logger, ex.GetType().Name);
        }
    }

    private async Task WarnWithoutExpiryNotificationsAsync(IConnectionMultiplexer multiplexer)
    {
        try
        {
            // CONFIG GET through Execute: the typed API wants admin mode, which the session connection doesn't enable.
            // Asked of every primary: each node of a cluster has its own setting and announces only its own keys.
            foreach (var server in multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica))
            {
                var reply = await server.ExecuteAsync("CONFIG", "GET", "notify-keyspace-events");
                var flags = reply.Length == 2 ? reply[1].ToString() ?? "" : "";
                if (!flags.Contains('E') || !(flags.Contains('x') || flags.Contains('A')))
                {
                    RedisEventLog.NoExpiryNotifications(logger, server.EndPoint.ToString() ?? "", flags);
                }
            }
        }
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            // CONFIG is often disabled on managed Redis: the catalog sweep announces expiry either way.
        }
    }
}

internal static partial class RedisEventLog
{
    [LoggerMessage(EventId = 1111, Level = LogLevel.Debug, Message = "Session events: publishing to Redis failed ({Error}); other nodes catch up after they reconnect.")]
    public static partial void SendFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Information,
        Message = "Redis {EndPoint} has notify-keyspace-events '{Flags}' (no 'Ex'): an expired session it holds is announced by the catalog's sweep rather than at once.")]
    public static partial void NoExpiryNotifications(ILogger logger, string endPoint, string flags);
}
