using System.Diagnostics;
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

    [Theory]
    [InlineData(null, "1")]      // default: NORMAL, SQLite's advice with WAL
    [InlineData("Full", "2")]
    [InlineData("extra", "3")]   // case-insensitive, as every enum setting
    public async Task EveryConnectionOfTheApp_RunsWithTheConfiguredSynchronousLevel(string? setting, string expected)
    {
        await using var app = new AppFactory(setting is null ? [] : new() { ["Database:SqliteSynchronous"] = setting });
        _ = app.CreateClient();
        var contexts = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<BlazorSessionDemo.Data.AppDbContext>>();

        // Several contexts at once, so more than one pooled connection is opened, and each again after a return to the pool.
        for (var round = 0; round < 2; round++)
        {
            var open = new List<BlazorSessionDemo.Data.AppDbContext>();
            for (var i = 0; i < 3; i++)
            {
                var db = await contexts.CreateDbContextAsync();
                open.Add(db);
                // Opened by EF Core, as every query of the app opens it.
                await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.OpenConnectionAsync(db.Database);
                var connection = (SqliteConnection)Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database);
                Assert.Equal(expected, await ScalarAsync(connection, "PRAGMA synchronous;"));
            }
            foreach (var db in open)
            {
                await db.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("0", "Invalid configuration: Database:SqliteSynchronous: must be Normal, Full or Extra.")]   // OFF: a crash can corrupt the file
    [InlineData("Fast", "Invalid configuration: Failed to convert configuration value 'Fast' at 'Database:SqliteSynchronous'")]
    public async Task AnUnsafeOrUnknownSynchronousLevel_StopsTheApp_NamingTheKey(string level, string expected)
    {
        using var folder = new TempSqliteDatabase();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BlazorSessionDemo.dll"), "clearsessions"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder.Folder,
        };
        start.Environment["ConnectionStrings__Default"] = folder.ConnectionString;
        start.Environment["Session__SecretKey"] = SessionTestHost.Secret;
        start.Environment["Database__SqliteSynchronous"] = level;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(expected, await error);
        Assert.DoesNotContain("   at ", await error);
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
