using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DjangoSessions.Redis;

/// <summary>
/// The app's one <see cref="ConnectionMultiplexer"/> for the redis engine (StackExchange.Redis wants exactly one per
/// app: it multiplexes every request over one socket and reconnects by itself). Created on first use, so an app on
/// another engine never dials Redis, and created even while Redis is down (<c>AbortOnConnectFail = false</c>): the app
/// starts, requests answer 503 meanwhile, and they work again once Redis is back, without a restart.
/// </summary>
internal sealed class RedisSessionConnection : IRedisSessionConnection, IAsyncDisposable, IDisposable
{
    private readonly RedisSessionSettings _settings;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;
    private int _down;
    private volatile bool _databaseChecked;
    private bool _disposed;

    public RedisSessionConnection(IOptions<RedisSessionSettings> settings, ILogger<RedisSessionConnection>? logger = null)
    {
        _settings = settings.Value;
        _logger = logger ?? NullLogger<RedisSessionConnection>.Instance;
    }

    /// <summary>The database <c>Session:Redis:Db</c> names, connecting on first use.</summary>
    public Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _ready) ?? GetDatabaseFirstAsync(cancellationToken);

    // Every request asks for the database: once connected and checked, the same finished task (no task per request).
    private Task<IDatabase>? _ready;

    private async Task<IDatabase> GetDatabaseFirstAsync(CancellationToken cancellationToken)
    {
        var database = (await GetMultiplexerAsync(cancellationToken)).GetDatabase(_settings.Db);
        if (_databaseChecked)
        {
            Volatile.Write(ref _ready, Task.FromResult(database));
        }
        return database;
    }

    /// <summary>The multiplexer, connecting on first use (the event transport subscribes through it).</summary>
    public async Task<IConnectionMultiplexer> GetMultiplexerAsync(CancellationToken cancellationToken = default)
    {
        var multiplexer = Volatile.Read(ref _multiplexer) ?? await ConnectAsync(cancellationToken);
        if (!_databaseChecked)
        {
            CheckDatabaseExists(multiplexer);
        }
        return multiplexer;
    }

    /// <summary>
    /// A Redis Cluster has only database 0: with another <c>Session:Redis:Db</c> every command would fail with the
    /// client's "cannot switch to database", so say which setting is wrong instead, on every use (a misconfiguration,
    /// not an outage). Checked once the servers are known (Redis may be down when the app starts).
    /// </summary>
    private void CheckDatabaseExists(ConnectionMultiplexer multiplexer)
    {
        if (_settings.Db == 0)
        {
            _databaseChecked = true;
            return;
        }
        var servers = multiplexer.GetServers();
        if (servers.Any(s => s.ServerType == ServerType.Cluster))
        {
            throw new InvalidOperationException(
                $"{SettingsPath}:Db is {_settings.Db}, but {DescribeEndPoints(_settings)} is a Redis Cluster, which has only " +
                $"database 0: set {SettingsPath}:Db to 0 (apps sharing the cluster are kept apart by {SettingsPath}:Prefix).");
        }
        _databaseChecked = servers.Any(s => s.IsConnected);
    }

    private const string SettingsPath = "Session:" + RedisSessionSettings.SectionName;

    /// <summary>Where the settings point, for log lines and errors (never the password).</summary>
    public static string DescribeEndPoints(RedisSessionSettings settings) =>
        string.IsNullOrWhiteSpace(settings.Configuration)
            ? $"{settings.Host}:{settings.Port}"
            : string.Join(",", CreateOptions(settings).EndPoints.Select(EndPointCollection.ToString));

    /// <summary>
    /// Short timeouts and fail-fast: a request must get its 503 in about a second while Redis is down, not queue
    /// behind a dead socket. Reconnects are retried in the background with a capped backoff. With
    /// <c>Session:Redis:Configuration</c> the string is parsed after these defaults, so every option it names wins;
    /// Host, Port and Password are then ignored, and the database is always <c>Session:Redis:Db</c>.
    /// </summary>
    public static ConfigurationOptions CreateOptions(RedisSessionSettings settings)
    {
        ConfigurationOptions options;
        if (string.IsNullOrWhiteSpace(settings.Configuration))
        {
            options = ConfigurationOptions.Parse(Defaults);
            options.Password = string.IsNullOrEmpty(settings.Password) ? null : settings.Password;
            options.EndPoints.Add(settings.Host, settings.Port);
        }
        else
        {
            // Later options override earlier ones in a configuration string.
            options = ConfigurationOptions.Parse($"{Defaults},{settings.Configuration}");
        }
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (settings.NearCacheSize > 0)
        {
            // The near cache asks for client-side caching on this connection (CLIENT TRACKING, an admin command to
            // StackExchange.Redis; admin mode only unlocks the client's API, nothing here calls another one). RESP2:
            // Redis words a flush's invalidation in the tracking connection's protocol, and a RESP3 null sent on to
            // the RESP2 listener is lost (every copy would outlive a FLUSHDB).
            options.AllowAdmin = true;
            options.Protocol = RedisProtocol.Resp2;
        }
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 2000);
        options.DefaultDatabase = settings.Db;
        return options;
    }

    private const string Defaults =
        "abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000,connectRetry=1,name=BlazorSessionDemo.sessions";

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_multiplexer is not null)
            {
                return _multiplexer;
            }
            // With AbortOnConnectFail = false this returns (after ConnectTimeout at most) even when Redis is down.
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(CreateOptions(_settings));
            multiplexer.ConnectionFailed += (_, e) => OnConnectionFailed(e);
            multiplexer.ConnectionRestored += (_, e) => OnConnectionRestored(e);
            if (!multiplexer.IsConnected)
            {
                _down = 1;
                RedisSessionLog.NotReachableYet(_logger, DescribeEndPoints(_settings));
            }
            Volatile.Write(ref _multiplexer, multiplexer);
            return multiplexer;
        }
        finally
        {
            _gate.Release();
        }
    }

    // One line per outage and one per recovery, not one per reconnect attempt.
    private void OnConnectionFailed(ConnectionFailedEventArgs e)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            RedisSessionLog.ConnectionLost(_logger, e.EndPoint?.ToString(), e.FailureType, e.Exception);
        }
    }

    private void OnConnectionRestored(ConnectionFailedEventArgs e)
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            RedisSessionLog.ConnectionRestored(_logger, e.EndPoint?.ToString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
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

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
            _multiplexer?.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }
}

internal static partial class RedisSessionLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Redis session store at {EndPoints} is not reachable yet; requests get 503 until it is (retrying in the background).")]
    public static partial void NotReachableYet(ILogger logger, string endPoints);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Lost the connection to the Redis session store {EndPoint} ({FailureType}).")]
    public static partial void ConnectionLost(ILogger logger, string? endPoint, ConnectionFailureType failureType, Exception? exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Reconnected to the Redis session store {EndPoint}.")]
    public static partial void ConnectionRestored(ILogger logger, string? endPoint);
}
