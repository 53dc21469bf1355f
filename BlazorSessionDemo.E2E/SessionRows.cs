using Microsoft.Data.Sqlite;

namespace BlazorSessionDemo.E2E;

/// <summary>Reads Django's <c>django_session</c> table straight from the app's SQLite file, behind the app's back.</summary>
public static class SessionRows
{
    public static Task<bool> ExistsAsync(AppServerFixture app, string sessionKey) =>
        ExistsAsync(app.ConnectionString, sessionKey);

    public static async Task<bool> ExistsAsync(string connectionString, string sessionKey)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM django_session WHERE session_key = $key";
        command.Parameters.AddWithValue("$key", sessionKey);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    /// <summary>Deletes the row directly, as another program sharing the table would: the app hears nothing of it.</summary>
    public static async Task DeleteAsync(AppServerFixture app, string sessionKey)
    {
        await using var connection = new SqliteConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM django_session WHERE session_key = $key";
        command.Parameters.AddWithValue("$key", sessionKey);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
