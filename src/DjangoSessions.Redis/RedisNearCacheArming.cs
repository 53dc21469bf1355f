using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// Turns Redis's client-side caching on for the near cache, and off whenever it can no longer be trusted. A listener
/// multiplexer of its own (named uniquely, so its subscriber can be found in <c>CLIENT LIST</c>) subscribes to
/// <c>__redis__:invalidate</c>, and its command connection asks <c>CLIENT TRACKING ON REDIRECT {subscriber} BCAST PREFIX
/// {Prefix}:</c> (RESP2's way: invalidations go to the subscriber). Broadcast mode tracks the prefix, not the keys a
/// connection read, so the session connection's own reads and writes are covered without it tracking anything (and it
/// stays out of admin mode). Then a probe key is written under the prefix; only when its invalidation has arrived is
/// the cache armed. Any failure or reconnect of either connection disarms
/// it at once (Redis drops tracking with the connection, and invalidations sent to a dead listener are lost) and arms
/// it again once both are back, with a capped backoff.
/// </summary>
internal sealed class RedisNearCacheArming(
    RedisSessionConnection connection,
    RedisSessionSettings settings,
    string keyPrefix,
    ILogger logger,
    Action arm,
    Action disarm) : IAsyncDisposable
{
    private static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _listenerName = $"{CreateName(settings)}.near-cache.{Guid.NewGuid():N}";
    private ConnectionMultiplexer? _listener;
    private IConnectionMultiplexer? _watched;
    private Probe? _probe;
    private Action<RedisValue>? _invalidated;
    private int _generation;
    private Task _loop = Task.CompletedTask;

    public void Start(Action<RedisValue> invalidated, RedisChannel channel)
    {
        _invalidated = invalidated;
        _loop = Task.Run(() => RunAsync(channel));
    }

    private async Task RunAsync(RedisChannel channel)
    {
        var token = _stopping.Token;
        var backoff = TimeSpan.FromSeconds(1);
        var failures = 0;
        while (!token.IsCancellationRequested)
        {
            var generation = Volatile.Read(ref _generation);
            bool? armed;
            try
            {
                armed = await TryArmAsync(channel, generation, token);
            }
            catch (Exception ex) when (!token.IsCancellationRequested && ex is not OperationCanceledException)
            {
                armed = false;
                if (failures++ == 0)
                {
                    RedisNearCacheLog.NotArmed(logger, ex.Message);
                }
            }
            if (armed is null)
            {
                return;
            }
            try
            {
                if (armed.Value)
                {
                    failures = 0;
                    backoff = TimeSpan.FromSeconds(1);
                    await _wake.WaitAsync(token);
                }
                else
                {
                    await _wake.WaitAsync(backoff, token);
                    backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
                }
                while (_wake.CurrentCount > 0 && _wake.Wait(0))
                {
                    // Several events in a row need one re-arm.
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>True once armed, false to retry later, null when it never can be here (a cluster).</summary>
    private async Task<bool?> TryArmAsync(RedisChannel channel, int generation, CancellationToken token)
    {
        var main = await connection.GetMultiplexerAsync(token);
        Watch(main);
        if (main.GetServers().Any(s => s.ServerType == ServerType.Cluster))
        {
            RedisNearCacheLog.OffOnCluster(logger);
            return null;
        }
        var listener = await ConnectListenerAsync(channel);
        if (listener.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica) is not { } server
            || await FindListenerIdAsync(server) is not { } listenerId)
        {
            return false;
        }
        // OFF first: the mode and prefixes of an earlier arming can't be changed while tracking is on.
        await server.ExecuteAsync("CLIENT", "TRACKING", "OFF");
        object[] tracking = keyPrefix.Length == 0
            ? ["TRACKING", "ON", "REDIRECT", listenerId, "BCAST"]
            : ["TRACKING", "ON", "REDIRECT", listenerId, "BCAST", "PREFIX", keyPrefix];
        await server.ExecuteAsync("CLIENT", tracking);
        if (!await ProbeAsync(listener, token) || Volatile.Read(ref _generation) != generation)
        {
            return false;
        }
        arm();
        // An event between the check and the arm: its disarm may have come first, so undo and go round again.
        if (Volatile.Read(ref _generation) != generation)
        {
            disarm();
            return false;
        }
        RedisNearCacheLog.Armed(logger, settings.NearCacheSize);
        return true;
    }

    /// <summary>Writes a key under the prefix and waits for its invalidation: the whole path, proven end to end.</summary>
    private async Task<bool> ProbeAsync(IConnectionMultiplexer listener, CancellationToken token)
    {
        var key = $"{keyPrefix}near-cache-probe:{Guid.NewGuid():N}";
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _probe, new Probe(key, seen));
        var db = listener.GetDatabase(settings.Db);
        try
        {
            await db.StringSetAsync(key, "1", TimeSpan.FromSeconds(10));
            await seen.Task.WaitAsync(ProbeWait, token);
            return true;
        }
        catch (TimeoutException)
        {
            RedisNearCacheLog.ProbeNotSeen(logger);
            return false;
        }
        finally
        {
            Volatile.Write(ref _probe, null);
            db.KeyDelete(key, CommandFlags.FireAndForget);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectListenerAsync(RedisChannel channel)
    {
        if (_listener is { } existing)
        {
            return existing;
        }
        var options = RedisSessionConnection.CreateOptions(settings);
        options.ClientName = _listenerName;
        // CLIENT LIST and CLIENT TRACKING are admin commands to StackExchange.Redis; only this connection sends them.
        options.AllowAdmin = true;
        // RESP2: invalidations then come as pub/sub messages on the channel. Under RESP3 Redis sends the subscriber a
        // bare "invalidate" push instead, which StackExchange.Redis drops as unknown.
        options.Protocol = RedisProtocol.Resp2;
        var listener = await ConnectionMultiplexer.ConnectAsync(options);
        listener.ConnectionFailed += (_, _) => Invalidate();
        listener.ConnectionRestored += (_, _) => Invalidate();
        // StackExchange.Redis hands each key of an invalidation on its own (and null for a flush).
        await listener.GetSubscriber().SubscribeAsync(channel, (_, key) => OnMessage(key));
        _listener = listener;
        return listener;
    }

    private void OnMessage(RedisValue key)
    {
        if (Volatile.Read(ref _probe) is { } probe && !key.IsNull && key == probe.Key)
        {
            probe.Seen.TrySetResult();
            return;
        }
        _invalidated?.Invoke(key);
    }

    /// <summary>The listener's client id, found by its unique name among the server's subscribers.</summary>
    private async Task<long?> FindListenerIdAsync(IServer server)
    {
        var reply = (string?)await server.ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub") ?? "";
        foreach (var line in reply.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ');
            if (fields.Contains($"name={_listenerName}")
                && fields.FirstOrDefault(f => f.StartsWith("id=", StringComparison.Ordinal)) is { } id
                && long.TryParse(id.AsSpan(3), out var value))
            {
                return value;
            }
        }
        return null;
    }

    private void Watch(IConnectionMultiplexer main)
    {
        if (Interlocked.CompareExchange(ref _watched, main, null) is null)
        {
            main.ConnectionFailed += (_, _) => Invalidate();
            main.ConnectionRestored += (_, _) => Invalidate();
            main.ConfigurationChanged += (_, _) => Invalidate();
        }
    }

    // Anything that may have lost an invalidation or the tracking itself: stop using copies now, arm again later.
    private void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        disarm();
        _wake.Release();
    }

    private sealed record Probe(string Key, TaskCompletionSource Seen);

    private static string CreateName(RedisSessionSettings settings) =>
        RedisSessionConnection.CreateOptions(settings).ClientName ?? "sessions";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_listener is { } listener)
        {
            await listener.DisposeAsync();
        }
    }
}

internal static partial class RedisNearCacheLog
{
    [LoggerMessage(EventId = 1121, Level = LogLevel.Information, Message = "Redis near cache armed: up to {Size} sessions kept per node, dropped on Redis's invalidations.")]
    public static partial void Armed(ILogger logger, int size);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Information, Message = "Redis near cache not armed yet ({Reason}): every request reads Redis meanwhile; retrying.")]
    public static partial void NotArmed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1123, Level = LogLevel.Information, Message = "Redis near cache off: client-side caching is per shard on a Redis Cluster; every request reads Redis.")]
    public static partial void OffOnCluster(ILogger logger);

    [LoggerMessage(EventId = 1124, Level = LogLevel.Warning, Message = "Redis near cache: the probe key's invalidation did not arrive; not armed, retrying.")]
    public static partial void ProbeNotSeen(ILogger logger);
}
