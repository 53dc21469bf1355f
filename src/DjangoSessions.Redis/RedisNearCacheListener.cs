using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// The near cache's own multiplexer: its subscriber receives <c>__redis__:invalidate</c>, the channel Redis redirects
/// client-side caching invalidations to under RESP2, and its command connection lists clients and writes the probe.
/// Its name is unique, so its subscriber can be found in <c>CLIENT LIST</c>. Any failure, reconnect or reconfiguration is reported, since
/// invalidations may have been lost meanwhile.
/// </summary>
internal sealed class RedisNearCacheListener(RedisSessionSettings settings, Action<RedisValue> invalidated, Action connectionEvent)
    : IAsyncDisposable
{
    private static readonly RedisChannel InvalidationChannel = RedisChannel.Literal("__redis__:invalidate");

    private readonly string _name = $"{RedisSessionConnection.CreateOptions(settings).ClientName ?? "sessions"}.near-cache.{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;
    private bool _subscribed;
    private Probe? _probe;

    /// <summary>The listener, connected and subscribed (both retried on the next call after a failure).</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_multiplexer is null)
            {
                var options = RedisSessionConnection.CreateOptions(settings);
                options.ClientName = _name;
                options.AllowAdmin = true;
                // RESP2: invalidations then come as pub/sub messages on the channel. Under RESP3 Redis sends the
                // subscriber a bare "invalidate" push instead, which StackExchange.Redis drops as unknown.
                options.Protocol = RedisProtocol.Resp2;
                // Kept at once, so a failed subscribe below is retried on this multiplexer, never a second one.
                _multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
                _multiplexer.ConnectionFailed += (_, _) => connectionEvent();
                _multiplexer.ConnectionRestored += (_, _) => connectionEvent();
                _multiplexer.ConfigurationChanged += (_, _) => connectionEvent();
            }
            if (!_subscribed)
            {
                // StackExchange.Redis hands each key of an invalidation on its own (and null for a flush).
                await _multiplexer.GetSubscriber().SubscribeAsync(InvalidationChannel, (_, key) => OnMessage(key));
                _subscribed = true;
            }
            return _multiplexer;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The subscriber's client id, found by the listener's unique name among the server's pub/sub clients; the newest
    /// when a half-dead one is still listed.
    /// </summary>
    public async Task<long?> FindSubscriberIdAsync(IServer server)
    {
        var reply = (string?)await server.ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub") ?? "";
        long? newest = null;
        foreach (var line in reply.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ');
            if (fields.Contains($"name={_name}")
                && fields.FirstOrDefault(f => f.StartsWith("id=", StringComparison.Ordinal)) is { } id
                && long.TryParse(id.AsSpan(3), out var value) && value > (newest ?? 0))
            {
                newest = value;
            }
        }
        return newest;
    }

    /// <summary>Completes when the invalidation of <paramref name="key"/> arrives (one probe at a time).</summary>
    public Task ExpectInvalidationOf(string key)
    {
        var probe = new Probe(key, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Volatile.Write(ref _probe, probe);
        return probe.Seen.Task;
    }

    public void StopExpecting() => Volatile.Write(ref _probe, null);

    private void OnMessage(RedisValue key)
    {
        if (Volatile.Read(ref _probe) is { } probe && !key.IsNull && key == probe.Key)
        {
            probe.Seen.TrySetResult();
            return;
        }
        invalidated(key);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_multiplexer is { } multiplexer)
            {
                await multiplexer.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record Probe(string Key, TaskCompletionSource Seen);
}
