using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// Turns Redis's client-side caching on for the near cache, and off whenever it can no longer be trusted. The session
/// connection asks <c>CLIENT TRACKING ON REDIRECT {the listener's subscriber} BCAST PREFIX {Prefix}: NOLOOP</c> (RESP2's
/// way: invalidations go to the subscriber). Broadcast mode tracks the prefix, not the keys a connection read; NOLOOP
/// spares the node the invalidations of its own writes, which drop its copy themselves. Then a probe key is written
/// under the prefix by the listener's command connection; only when its invalidation has reached the listener is the
/// cache armed.
/// <para>
/// Disarmed at once on any failure, reconnect or reconfiguration of either connection, and armed again once both are
/// back (capped backoff). RESP2 gives no notice when Redis can no longer deliver to the subscriber, and a socket can
/// die silently, so while armed the probe is repeated every few seconds: a missed one disarms too.
/// </para>
/// </summary>
internal sealed class RedisNearCacheArming : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly RedisSessionConnection _connection;
    private readonly RedisSessionSettings _settings;
    private readonly string _keyPrefix;
    private readonly ILogger _logger;
    private readonly Action _arm;
    private readonly Action _disarm;
    private readonly RedisNearCacheListener _listener;
    private readonly RedisNearCacheTiming _timing;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private IConnectionMultiplexer? _watched;
    private int _generation;
    private Task _loop = Task.CompletedTask;

    public RedisNearCacheArming(RedisSessionConnection connection, RedisSessionSettings settings, string keyPrefix,
        ILogger logger, Action arm, Action disarm, Action<RedisValue> invalidated, RedisNearCacheTiming timing)
    {
        (_connection, _settings, _keyPrefix, _logger, _arm, _disarm) = (connection, settings, keyPrefix, logger, arm, disarm);
        _timing = timing;
        _listener = new RedisNearCacheListener(settings, invalidated, Invalidate);
    }

    public void Start() => _loop = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        var backoff = TimeSpan.FromSeconds(1);
        var failures = 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var generation = Volatile.Read(ref _generation);
                bool? armed;
                try
                {
                    armed = await TryArmAsync(generation, token);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    armed = false;
                    if (failures++ == 0)
                    {
                        RedisNearCacheLog.NotArmed(_logger, ex.Message);
                    }
                }
                if (armed is null)
                {
                    return;
                }
                if (armed.Value)
                {
                    (failures, backoff) = (0, TimeSpan.FromSeconds(1));
                    await StayArmedAsync(generation, token);
                }
                else if (!await _wake.WaitAsync(backoff, token))
                {
                    // Not woken by a connection event: the next try waits longer.
                    backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
                }
                while (_wake.Wait(0))
                {
                    // Several events in a row need one re-arm.
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>Returns once something disarmed the cache: a connection event, or a probe that didn't come back.</summary>
    private async Task StayArmedAsync(int generation, CancellationToken token)
    {
        while (true)
        {
            if (await _wake.WaitAsync(_timing.ReprobeInterval, token))
            {
                if (Volatile.Read(ref _generation) != generation)
                {
                    return;
                }
                // A wake left over from an event before this arming: nothing changed since.
                continue;
            }
            bool seen;
            try
            {
                seen = await ProbeAsync(await _listener.ConnectAsync(token), token);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                RedisNearCacheLog.NotArmed(_logger, ex.Message);
                seen = false;
            }
            if (!seen)
            {
                Invalidate();
                return;
            }
        }
    }

    /// <summary>True once armed, false to retry later, null when it never can be here (a cluster).</summary>
    private async Task<bool?> TryArmAsync(int generation, CancellationToken token)
    {
        // Whatever state came before, no copy is used until this arming is proven (tracking is switched off below).
        _disarm();
        var main = await _connection.GetMultiplexerAsync(token);
        Watch(main);
        if (!main.IsConnected)
        {
            return false;
        }
        var listener = await _listener.ConnectAsync(token);
        if (main.GetServers().Concat(listener.GetServers()).Any(s => s.ServerType == ServerType.Cluster))
        {
            RedisNearCacheLog.OffOnCluster(_logger);
            await _listener.DisposeAsync();
            return null;
        }
        // Both on the same primary (after a failover one may still be on the old one), and the listener subscribed there.
        if (Primary(main) is not { } server || Primary(listener) is not { } listening
            || !Equals(server.EndPoint, listening.EndPoint)
            || await _listener.FindSubscriberIdAsync(listening) is not { } subscriberId)
        {
            return false;
        }
        // Asked by the session connection itself, with NOLOOP: this node's own writes (which drop its copy at once)
        // send it no invalidation, so a session written on every request costs no message. OFF first: the mode and
        // prefixes of an earlier arming can't be changed while tracking is on.
        await server.ExecuteAsync("CLIENT", "TRACKING", "OFF");
        object[] tracking = _keyPrefix.Length == 0
            ? ["TRACKING", "ON", "REDIRECT", subscriberId, "BCAST", "NOLOOP"]
            : ["TRACKING", "ON", "REDIRECT", subscriberId, "BCAST", "PREFIX", _keyPrefix, "NOLOOP"];
        await server.ExecuteAsync("CLIENT", tracking);
        if (!await ProbeAsync(listener, token) || Volatile.Read(ref _generation) != generation)
        {
            return false;
        }
        _arm();
        // An event between the check and the arm: its disarm may have come first, so undo and go round again.
        if (Volatile.Read(ref _generation) != generation)
        {
            _disarm();
            return false;
        }
        RedisNearCacheLog.Armed(_logger, _settings.NearCacheSize);
        return true;
    }

    /// <summary>
    /// Writes a key under the prefix through the listener's command connection (the session connection's own writes
    /// are NOLOOP) and waits for the listener to hear it invalidated: the whole path, proven end to end.
    /// </summary>
    private async Task<bool> ProbeAsync(IConnectionMultiplexer listener, CancellationToken token)
    {
        var key = $"{_keyPrefix}near-cache-probe:{Guid.NewGuid():N}";
        var seen = _listener.ExpectInvalidationOf(key);
        var db = listener.GetDatabase(_settings.Db);
        try
        {
            // The wait bounds the write too: a server that stalls writes fails the probe as surely as a lost message.
            await Task.WhenAll(db.StringSetAsync(key, "1", TimeSpan.FromSeconds(10)), seen).WaitAsync(_timing.ProbeWait, token);
            return true;
        }
        catch (TimeoutException)
        {
            RedisNearCacheLog.ProbeNotSeen(_logger);
            return false;
        }
        finally
        {
            _listener.StopExpecting();
            try
            {
                db.KeyDelete(key, CommandFlags.FireAndForget);
            }
            catch (RedisException)
            {
                // Down: the key's own TTL removes it.
            }
        }
    }

    private static IServer? Primary(IConnectionMultiplexer multiplexer) =>
        multiplexer.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica);

    private void Watch(IConnectionMultiplexer main)
    {
        if (Interlocked.CompareExchange(ref _watched, main, null) is null)
        {
            main.ConnectionFailed += OnConnectionEvent;
            main.ConnectionRestored += OnConnectionEvent;
            main.ConfigurationChanged += OnConfigurationChanged;
        }
    }

    private void OnConnectionEvent(object? sender, ConnectionFailedEventArgs e) => Invalidate();

    private void OnConfigurationChanged(object? sender, EndPointEventArgs e) => Invalidate();

    // Anything that may have lost an invalidation or the tracking itself: stop using copies now, arm again later.
    private void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _disarm();
        _wake.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _listener.DisposeAsync();
        if (_watched is { } main)
        {
            main.ConnectionFailed -= OnConnectionEvent;
            main.ConnectionRestored -= OnConnectionEvent;
            main.ConfigurationChanged -= OnConfigurationChanged;
        }
        _stopping.Dispose();
    }
}
