using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// One session write at a time per database file in this process, for a database with a single writer (SQLite,
/// <see cref="SessionDbDialect.HasSingleWriter"/>). SQLite lets one connection write at a time; a second writer gets
/// SQLITE_BUSY, and Microsoft.Data.Sqlite answers that by putting the thread to sleep for 150 ms and trying again. On a
/// request that writes its session (E3: the session row or its catalog entry) two requests meeting at the write cost
/// one of them 150 ms on a blocked thread: on the bench's 32 connections of E3 that put the p99 above 300 ms (a sampled
/// trace: half the threads' time in <c>Thread.Sleep</c> under <c>SqliteDataReader.NextResult</c>). Queued here instead,
/// a write waits asynchronously for the one before it, a few tens of microseconds. Writers outside this process
/// (another app on the file, the clearsessions CLI) still meet SQLite's lock and its busy handling.
/// </summary>
internal static class SessionDbWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_files = new(StringComparer.Ordinal);

    /// <summary>Waits for the file's turn (at once on a database with many writers); dispose the result to pass it on.</summary>
    public static async ValueTask<Turn> EnterAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!SessionDbDialect.For(db.Database.ProviderName).HasSingleWriter)
        {
            return default;
        }
        var gate = s_files.GetOrAdd(db.Database.GetDbConnection().DataSource, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Turn(gate);
    }

    /// <summary>A writer's turn at one file; disposing it lets the next writer in.</summary>
    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
