using Microsoft.Data.Sqlite;

namespace BlazorSessionDemo.Tests.App;

/// <summary>What the app does to its SQLite file on start.</summary>
public sealed class DatabaseSetupTests
{
    [Fact]
    public async Task Start_MigratesSchema_AndSwitchesToWal()
    {
        await using var app = new AppFactory();
        _ = app.CreateClient();

        await using var connection = new SqliteConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal("django_session_expire_date",
            await ScalarAsync(connection, "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='django_session' AND sql LIKE '%expire_date%';"));
        Assert.Equal("3", await ScalarAsync(connection, "SELECT count(*) FROM auth_user;"));
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
