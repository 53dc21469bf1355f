using Microsoft.Data.Sqlite;

namespace BlazorSessionDemo.Tests.Faults;

/// <summary>
/// The <c>django_session</c> table as a test sees it from its own unpooled connection (nothing left open that would pin
/// a file on a tmpfs), to prove a failed write left every row exactly as it was.
/// </summary>
public static class StoredRows
{
    public static async Task<List<(string Key, string Data, string Expire)>> ReadAllAsync(string databasePath)
    {
        await using var connection = Open(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT session_key, session_data, expire_date FROM django_session ORDER BY session_key";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetValue(2).ToString()!));
        }
        return rows;
    }

    /// <summary>Moves everything in the WAL into the database file and empties the WAL, so the next write needs new space.</summary>
    public static async Task CheckpointAsync(string databasePath)
    {
        await using var connection = Open(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync();
    }

    public static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
