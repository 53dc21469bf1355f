using System.Diagnostics;
using DjangoSessions.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.App;

/// <summary><c>dotnet BlazorSessionDemo.dll clearsessions</c> as a user runs it: a real process over a real SQLite file.</summary>
public sealed class ClearSessionsCliTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();

    [Fact]
    public async Task ClearSessions_RemovesOnlyExpiredRows_PrintsCount_ExitsZero()
    {
        await using (var db = _database.CreateContext())
        {
            var now = DateTime.UtcNow;
            db.DjangoSessions.AddRange(
                Row("expired1aaaaaaaaaaaaaaaaaaaaaaaa", now.AddDays(-1)),
                Row("expired2aaaaaaaaaaaaaaaaaaaaaaaa", now.AddSeconds(-5)),
                Row("live1aaaaaaaaaaaaaaaaaaaaaaaaaaa", now.AddDays(1)));
            await db.SaveChangesAsync();
        }

        var (exitCode, output, error) = await RunAppAsync("clearsessions");

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Contains("Removed 2 expired session(s)", output);
        Assert.Equal(1, await _database.CountSessionsAsync());
        Assert.True(await _database.RowExistsAsync("live1aaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    }

    [Fact]
    public async Task ClearSessions_OnEmptyTable_SaysZero()
    {
        var (exitCode, output, error) = await RunAppAsync("clearsessions");

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Contains("Removed 0 expired session(s)", output);
    }

    [Fact]
    public async Task InvalidSetting_ExitsNonZero_NamingTheKey()
    {
        var (exitCode, _, error) = await RunAppAsync("clearsessions", ("Session__Engine", "mongo"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Session:Engine", error);
    }

    private static DjangoSessionRow Row(string key, DateTime expires) =>
        new() { SessionKey = key, SessionData = "e30:1xVpLi:unused", ExpireDate = expires };

    private async Task<(int ExitCode, string Output, string Error)> RunAppAsync(string verb, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BlazorSessionDemo.dll"), verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _database.Folder,
        };
        start.Environment["ConnectionStrings__Default"] = _database.ConnectionString;
        start.Environment["Session__SecretKey"] = SessionTestHost.Secret;
        start.Environment["Session__SecretKeyFile"] = Path.Combine(_database.Folder, "secret.key");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public void Dispose() => _database.Dispose();
}
