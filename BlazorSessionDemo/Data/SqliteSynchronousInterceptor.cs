using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorSessionDemo.Data;

/// <summary>
/// Sets <c>PRAGMA synchronous</c> on each SQLite connection, once per physical connection (Microsoft.Data.Sqlite pools
/// them, and the pragma lives as long as the connection, not the file). With WAL (set on start), <c>NORMAL</c> is
/// SQLite's own advice for WAL: a commit no longer waits for an fsync of the log, only checkpoints do, so the database
/// can't be corrupted, but the last transactions before a power loss or OS crash (not an app crash) may be rolled back
/// (docs/engines.md). <c>FULL</c> (SQLite's default) fsyncs every commit.
/// </summary>
internal sealed class SqliteSynchronousInterceptor(SqliteSynchronous mode) : DbConnectionInterceptor
{
    // Keyed by the pooled native handle: a pooled open hands back the same handle, already set.
    private readonly ConditionalWeakTable<object, object> _applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragma(connection, out var sqlite))
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
            _applied.AddOrUpdate(sqlite.Handle!, this);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (NeedsPragma(connection, out var sqlite))
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _applied.AddOrUpdate(sqlite.Handle!, this);
        }
    }

    private string Pragma => $"PRAGMA synchronous={mode.ToString().ToUpperInvariant()};";

    private bool NeedsPragma(DbConnection connection, out SqliteConnection sqlite)
    {
        sqlite = (SqliteConnection)connection;
        return sqlite.Handle is { } handle && !_applied.TryGetValue(handle, out _);
    }
}

/// <summary>The <c>Database:SqliteSynchronous</c> values offered: SQLite's safe levels (OFF can corrupt the file on a crash).</summary>
public enum SqliteSynchronous
{
    Normal = 1,
    Full = 2,
    Extra = 3,
}
