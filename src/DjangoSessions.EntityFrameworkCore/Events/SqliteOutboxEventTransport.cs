using DjangoSessions.Catalog;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// Session events between processes sharing one SQLite file (several nodes on one machine), which has no pub/sub: each
/// node appends its events to a small outbox table and reads the others' every 250 ms, one query per node however
/// many pages it has open. Active when <c>Session:MultipleNodes</c> is set, the database is SQLite and the engine isn't
/// redis (Redis pub/sub carries the events then); a single node writes no outbox rows. Rows older than a minute are
/// deleted; a node that could not read for longer than that reports a gap, and the relay re-checks its pages.
/// </summary>
internal sealed class SqliteOutboxEventTransport<TContext>(
    IDbContextFactory<TContext> contexts,
    IOptions<DjangoSessionSettings> settings,
    TimeProvider time,
    ILogger<SqliteOutboxEventTransport<TContext>> logger) : ISessionEventTransport
    where TContext : DbContext
{
    internal const string TableName = "session_event_outbox";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(1);

    private readonly SessionEventSendQueue _outgoing = new();
    private readonly Lazy<string?> _connectionString = new(() =>
    {
        using var db = contexts.CreateDbContext();
        return db.Database.ProviderName == SqliteSessionDbDialect.Provider ? db.Database.GetConnectionString() : null;
    });
    private DateTimeOffset _nextPrune;
    private int _started;

    public bool IsActive => settings.Value is { MultipleNodes: true, Engine: not SessionEngineNames.Redis } && _connectionString.Value is not null;

    public async Task StartAsync(Action<SessionEventMessage> received, Action gap, CancellationToken cancellationToken)
    {
        long after;
        await using (var connection = await OpenAsync(cancellationToken))
        {
            // The transport's own table, created on first start like a Redis channel: it holds a minute of events and
            // nothing a migration or a Django peer needs to know about.
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                CREATE TABLE IF NOT EXISTS {TableName} (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, message TEXT NOT NULL);
                SELECT COALESCE(MAX(id), 0) FROM {TableName};
                """;
            // Only what is sent from now on: older events were for pages that were open before this node started.
            after = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = _outgoing.RunAsync(WriteAsync, ex => OutboxLog.WriteFailed(logger, ex), cancellationToken);
        }
        _ = PollAsync(after, received, gap, cancellationToken);
    }

    public void Send(SessionEventMessage message)
    {
        if (!_outgoing.TryEnqueue(message))
        {
            OutboxLog.QueueFull(logger);
        }
    }

    /// <summary>Reads the rows other nodes (and this one) appended since <paramref name="after"/>, in order, until stopped.</summary>
    private async Task PollAsync(long after, Action<SessionEventMessage> received, Action gap, CancellationToken stoppingToken)
    {
        var lastRead = time.GetUtcNow();
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, time, stoppingToken);
                await using var connection = await OpenAsync(stoppingToken);
                await using var read = connection.CreateCommand();
                read.CommandText = $"SELECT id, message FROM {TableName} WHERE id > $after ORDER BY id LIMIT 500";
                read.Parameters.AddWithValue("$after", after);
                await using (var rows = await read.ExecuteReaderAsync(stoppingToken))
                {
                    while (await rows.ReadAsync(stoppingToken))
                    {
                        after = rows.GetInt64(0);
                        if (SessionEventMessage.TryParse(rows.GetString(1)) is { } message)
                        {
                            received(message);
                        }
                    }
                }
                var now = time.GetUtcNow();
                if (failing && now - lastRead > Retention)
                {
                    // Rows this node never read may have been deleted meanwhile.
                    gap();
                }
                failing = false;
                lastRead = now;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
            {
                if (!failing)
                {
                    OutboxLog.ReadFailed(logger, ex);
                }
                failing = true;
            }
        }
    }

    /// <summary>Appends one batch in one transaction, and now and then deletes what every node has had a minute to read.</summary>
    private async Task WriteAsync(IReadOnlyList<SessionEventMessage> batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {TableName} (created, message) VALUES ($created, $message)";
        var created = insert.Parameters.Add("$created", SqliteType.Integer);
        var text = insert.Parameters.Add("$message", SqliteType.Text);
        created.Value = now.ToUnixTimeMilliseconds();
        foreach (var message in batch)
        {
            text.Value = message.ToJson();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        if (now >= _nextPrune)
        {
            _nextPrune = now + Retention;
            await using var prune = connection.CreateCommand();
            prune.CommandText = $"DELETE FROM {TableName} WHERE created < $cutoff";
            prune.Parameters.AddWithValue("$cutoff", (now - Retention).ToUnixTimeMilliseconds());
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString.Value);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}

internal static partial class OutboxLog
{
    [LoggerMessage(EventId = 1431, Level = LogLevel.Warning,
        Message = "Session events: writing to the SQLite outbox failed; other nodes catch up at their next re-check.")]
    public static partial void WriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1432, Level = LogLevel.Warning, Message = "Session events: reading the SQLite outbox failed; retrying every 250 ms.")]
    public static partial void ReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1433, Level = LogLevel.Warning, Message = "Session events: 10,000 events wait for the SQLite outbox; this one is dropped.")]
    public static partial void QueueFull(ILogger logger);
}
