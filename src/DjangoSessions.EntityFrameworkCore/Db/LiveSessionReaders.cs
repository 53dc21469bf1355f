using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace DjangoSessions.EntityFrameworkCore;

/// <summary>
/// Contexts kept open for the db engine's read of every request (and the signed_cookies ledger's), each with its
/// <see cref="LiveSessionDataCommand"/> prepared on its connection. Opening a pooled connection and closing it again (Microsoft.Data.Sqlite re-registers
/// EF's SQL functions on every open) and preparing the statement cost SQLite more than the read itself; a reader kept
/// here does neither. One caller at a time per reader; as many readers as calls in flight, and up to
/// <see cref="Kept"/> of them kept idle between calls, the rest disposed. Each reader is an ordinary context of the
/// factory, so interceptors and connection settings apply as to any other.
/// A read that fails on a kept reader (the server restarted and closed its connection, a file went away) drops every
/// idle reader and is tried once more on a fresh one, so a store that comes back serves the very next request.
/// </summary>
internal sealed class LiveSessionReaders<TContext>(IDbContextFactory<TContext> contexts, Func<DbContext, LiveSessionDataCommand>? describe = null)
    : IDisposable
    where TContext : DbContext
{
    private readonly Func<DbContext, LiveSessionDataCommand> _describe = describe ?? LiveSessionDataCommand.For;

    /// <summary>Idle readers kept: enough for the calls one process has in flight at once on a small server.</summary>
    internal static readonly int Kept = Math.Max(4, 2 * Environment.ProcessorCount);

    private readonly ConcurrentQueue<Reader> _idle = new();
    private LiveSessionDataCommand? _command;
    private int _idleCount;
    private bool _disposed;

    /// <summary>How many readers wait idle (for tests of the bound).</summary>
    internal int IdleCount => Volatile.Read(ref _idleCount);

    /// <summary>The stored data of the live session <paramref name="sessionKey"/>, or null (unknown or expired).</summary>
    public async Task<string?> ReadAsync(string sessionKey, DateTime now, CancellationToken cancellationToken)
    {
        if (TryTakeIdle() is { } kept)
        {
            try
            {
                var data = await kept.ReadAsync(sessionKey, now, cancellationToken);
                GiveBack(kept);
                return data;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await kept.DisposeAsync();
                DropIdle();
            }
            catch
            {
                await kept.DisposeAsync();
                throw;
            }
        }
        var fresh = await OpenAsync(cancellationToken);
        try
        {
            var data = await fresh.ReadAsync(sessionKey, now, cancellationToken);
            GiveBack(fresh);
            return data;
        }
        catch
        {
            await fresh.DisposeAsync();
            throw;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        DropIdle();
    }

    private async Task<Reader> OpenAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            // Racing first reads may each build it: the same command, and the last one stays.
            var command = _command ??= _describe(db);
            await db.Database.OpenConnectionAsync(cancellationToken);
            return new Reader(db, command, await command.PrepareAsync(db.Database.GetDbConnection(), cancellationToken));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private Reader? TryTakeIdle()
    {
        if (_idle.TryDequeue(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            return reader;
        }
        return null;
    }

    private void GiveBack(Reader reader)
    {
        if (_disposed)
        {
            reader.Dispose();
            return;
        }
        if (Interlocked.Increment(ref _idleCount) > Kept)
        {
            Interlocked.Decrement(ref _idleCount);
            reader.Dispose();
            return;
        }
        _idle.Enqueue(reader);
        if (_disposed)
        {
            // Disposed while this one was going back: it must not stay open.
            DropIdle();
        }
    }

    private void DropIdle()
    {
        while (TryTakeIdle() is { } reader)
        {
            reader.Dispose();
        }
    }

    private sealed class Reader(TContext db, LiveSessionDataCommand command, DbCommand prepared) : IDisposable, IAsyncDisposable
    {
        public Task<string?> ReadAsync(string sessionKey, DateTime now, CancellationToken cancellationToken) =>
            command.ReadAsync(prepared, sessionKey, now, cancellationToken);

        // Closed before the context goes back to the factory's pool: the next user gets it as any other.
        public void Dispose()
        {
            prepared.Dispose();
            db.Database.CloseConnection();
            db.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            await prepared.DisposeAsync();
            await db.Database.CloseConnectionAsync();
            await db.DisposeAsync();
        }
    }
}
