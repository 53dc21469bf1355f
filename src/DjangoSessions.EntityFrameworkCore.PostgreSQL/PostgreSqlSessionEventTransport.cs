using DjangoSessions.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DjangoSessions.EntityFrameworkCore.PostgreSQL;

/// <summary>
/// Session events between nodes over PostgreSQL's <c>LISTEN</c>/<c>NOTIFY</c> on the channel <c>session_events</c>,
/// active whenever the app's database is PostgreSQL and the engine isn't redis (Redis pub/sub carries them then): the
/// nodes already share that database, so no setting is needed. One connection per node listens; sends are queued and
/// written in batches (<c>pg_notify</c>) on pooled connections, so a request never waits for them. A notification is
/// delivered only to sessions listening at the time: when the listening connection drops, the node reconnects every
/// 2 s and reports a gap, and the relay re-checks its pages.
/// </summary>
internal sealed class PostgreSqlSessionEventTransport<TContext>(
    IDbContextFactory<TContext> contexts,
    IOptions<DjangoSessionSettings> settings,
    TimeProvider time,
    ILogger<PostgreSqlSessionEventTransport<TContext>> logger) : ISessionEventTransport, IAsyncDisposable
    where TContext : DbContext
{
    internal const string Channel = "session_events";
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    private readonly SessionEventSendQueue _outgoing = new();
    private readonly Lazy<string?> _connectionString = new(() =>
    {
        using var db = contexts.CreateDbContext();
        return db.Database.ProviderName == PostgreSqlSessionDbDialect.Provider ? db.Database.GetConnectionString() : null;
    });
    private NpgsqlDataSource? _sender;

    public bool IsActive => settings.Value.Engine != SessionEngineNames.Redis && _connectionString.Value is not null;

    public async Task StartAsync(Action<SessionEventMessage> received, Action gap, CancellationToken cancellationToken)
    {
        // Throws while PostgreSQL is down: the relay retries, and counts the wait as a gap.
        var listener = await ListenAsync(received, cancellationToken);
        if (_sender is null)
        {
            _sender = NpgsqlDataSource.Create(_connectionString.Value!);
            _ = _outgoing.RunAsync(NotifyAsync, ex => PostgreSqlEventLog.SendFailed(logger, ex.GetType().Name), cancellationToken);
        }
        _ = KeepListeningAsync(listener, received, gap, cancellationToken);
    }

    public void Send(SessionEventMessage message)
    {
        if (!_outgoing.TryEnqueue(message))
        {
            PostgreSqlEventLog.SendFailed(logger, "queue full");
        }
    }

    /// <summary>Opens the listening connection: every notification on the channel goes to <paramref name="received"/>.</summary>
    private async Task<NpgsqlConnection> ListenAsync(Action<SessionEventMessage> received, CancellationToken cancellationToken)
    {
        // Keepalive: a connection cut without a FIN (a failover, a dropped NAT entry) is noticed within seconds.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString.Value) { KeepAlive = 5, Pooling = false }.ConnectionString);
        try
        {
            connection.Notification += (_, e) =>
            {
                if (SessionEventMessage.TryParse(e.Payload) is { } message)
                {
                    received(message);
                }
            };
            await connection.OpenAsync(cancellationToken);
            await using var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for notifications until stopped; a broken connection is replaced, and the gap reported.</summary>
    private async Task KeepListeningAsync(NpgsqlConnection listener, Action<SessionEventMessage> received, Action gap, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await listener.WaitAsync(stoppingToken);
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                PostgreSqlEventLog.ListenerLost(logger, ex.GetType().Name);
            }
            await listener.DisposeAsync();
            listener = await ReconnectAsync(received, stoppingToken);
            gap();
        }
        await listener.DisposeAsync();
    }

    private async Task<NpgsqlConnection> ReconnectAsync(Action<SessionEventMessage> received, CancellationToken stoppingToken)
    {
        while (true)
        {
            await Task.Delay(ReconnectDelay, time, stoppingToken);
            try
            {
                var listener = await ListenAsync(received, stoppingToken);
                PostgreSqlEventLog.ListenerRestored(logger);
                return listener;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                // Still down: try again.
            }
        }
    }

    /// <summary>One round trip for a batch: <c>SELECT pg_notify('session_events', $1)</c> per message.</summary>
    private async Task NotifyAsync(IReadOnlyList<SessionEventMessage> batch, CancellationToken cancellationToken)
    {
        await using var notify = _sender!.CreateBatch();
        foreach (var message in batch)
        {
            notify.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
            {
                Parameters = { new NpgsqlParameter { Value = Channel }, new NpgsqlParameter { Value = message.ToJson() } },
            });
        }
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sender is not null)
        {
            await _sender.DisposeAsync();
        }
    }
}

internal static partial class PostgreSqlEventLog
{
    [LoggerMessage(EventId = 1441, Level = LogLevel.Warning,
        Message = "Session events: sending through PostgreSQL NOTIFY failed ({Error}); other nodes catch up at their next re-check.")]
    public static partial void SendFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 1442, Level = LogLevel.Warning,
        Message = "Session events: the PostgreSQL LISTEN connection was lost ({Error}); reconnecting every 2 s.")]
    public static partial void ListenerLost(ILogger logger, string error);

    [LoggerMessage(EventId = 1443, Level = LogLevel.Information,
        Message = "Session events: listening on PostgreSQL again; this node's open pages are re-checked.")]
    public static partial void ListenerRestored(ILogger logger);
}
