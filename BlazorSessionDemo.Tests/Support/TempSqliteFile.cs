using DjangoSessions.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>A real SQLite file in a temp folder of its own, its schema made by the subclass, deleted on dispose.</summary>
public abstract class TempSqliteFile<TContext> : IDisposable where TContext : DbContext, ISessionDbContext
{
    protected TempSqliteFile()
    {
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, "sessions.db");
        ConnectionString = $"Data Source={Path}";
    }

    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bsd-tests", Guid.NewGuid().ToString("N"));

    public string Path { get; }

    public string ConnectionString { get; }

    public abstract TContext CreateContext();

    public async Task<int> CountSessionsAsync()
    {
        await using var db = CreateContext();
        return await db.DjangoSessions.CountAsync();
    }

    public async Task<bool> RowExistsAsync(string key)
    {
        await using var db = CreateContext();
        return await db.DjangoSessions.AnyAsync(s => s.SessionKey == key);
    }

    /// <summary>
    /// Moves the whole folder away until the returned handle is disposed: connections opened meanwhile fail with
    /// SQLite's "unable to open database file" (what a lost volume or a deleted folder does to the app), and the
    /// pooled ones are closed first so none keeps reading the moved file through an open handle.
    /// </summary>
    public IDisposable MoveAway()
    {
        var away = Folder + ".away";
        Directory.Move(Folder, away);
        SqliteConnection.ClearAllPools();
        return new MovedFolder(away, Folder);
    }

    private sealed class MovedFolder(string away, string home) : IDisposable
    {
        public void Dispose() => Directory.Move(away, home);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }
        GC.SuppressFinalize(this);
    }
}
