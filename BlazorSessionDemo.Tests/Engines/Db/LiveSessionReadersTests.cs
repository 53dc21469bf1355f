using BlazorSessionDemo.Tests.Contract;
using DjangoSessions.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorSessionDemo.Tests.Engines.Db;

/// <summary>
/// The db engine reads on connections it keeps open with the statement prepared. On a real SQLite file: every read
/// still sees the row as it is now (a prepared statement is not a cached answer), no more than
/// <see cref="LiveSessionReaders{TContext}.Kept"/> readers stay idle, a reader whose read failed is never kept, a store
/// that comes back serves the very next read, and disposing the engine closes what it kept.
/// </summary>
public sealed class LiveSessionReadersTests : IAsyncLifetime, IDisposable
{
    private readonly ContractSqliteFile _file = new("live-session-readers");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => _file.CreateTablesAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _file.Dispose();

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private DbSessionEngine<FrameworkDbContext> Engine(PooledDbContextFactory<FrameworkDbContext>? contexts = null)
    {
        var codec = new SessionDataCodec(new DjangoSigner(SessionTestHost.Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance);
        return new DbSessionEngine<FrameworkDbContext>(contexts ?? _file.Contexts, codec, _time, Options.Create(new DjangoSessionSettings()));
    }

    private async Task<string> StoreAsync(DbSessionEngine<FrameworkDbContext> engine, int visits, TimeSpan? lifetime = null)
    {
        var key = SessionKeys.Generate();
        await engine.SaveAsync(key, new() { ["visits"] = visits }, _time.GetUtcNow() + (lifetime ?? TimeSpan.FromHours(1)), mustCreate: true);
        return key;
    }

    [Fact]
    public async Task EveryRead_SeesTheRowAsItIsNow_WhoeverWroteIt()
    {
        using var engine = Engine();
        using var otherProcess = Engine(_file.NewContexts());
        var key = await StoreAsync(engine, 1);
        Assert.Equal(1, (await engine.LoadAsync(key))!["visits"]!.GetValue<int>());

        await otherProcess.SaveAsync(key, new() { ["visits"] = 2 }, _time.GetUtcNow().AddHours(1), mustCreate: false);
        Assert.Equal(2, (await engine.LoadAsync(key))!["visits"]!.GetValue<int>());

        await otherProcess.DeleteAsync(key);
        Assert.Null(await engine.LoadAsync(key));

        var expiring = await StoreAsync(engine, 3);
        Assert.NotNull(await engine.LoadAsync(expiring));
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Null(await engine.LoadAsync(expiring));
    }

    [Fact]
    public async Task ManyReadsAtOnce_EachGetsItsOwnRow_AndNoMoreThanTheBoundStayOpen()
    {
        using var engine = Engine();
        var keys = new List<string>();
        for (var i = 0; i < 3 * LiveSessionReaders<FrameworkDbContext>.Kept; i++)
        {
            keys.Add(await StoreAsync(engine, i));
        }
        var readers = new LiveSessionReaders<FrameworkDbContext>(_file.Contexts);

        var rows = await Task.WhenAll(keys.Select(key => Task.Run(() => readers.ReadAsync(key, Now, CancellationToken.None))));

        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(i, (await engine.LoadAsync(keys[i]))!["visits"]!.GetValue<int>());
            Assert.Equal(await RowDataAsync(keys[i]), rows[i]);
        }
        Assert.InRange(readers.IdleCount, 1, LiveSessionReaders<FrameworkDbContext>.Kept);
        readers.Dispose();
        Assert.Equal(0, readers.IdleCount);
    }

    [Fact]
    public async Task AStoreThatFails_FailsTheRead_KeepsNothing_AndServesTheNextReadOnceItIsBack()
    {
        using var readers = new LiveSessionReaders<FrameworkDbContext>(_file.Contexts);
        Assert.Null(await readers.ReadAsync(SessionKeys.Generate(), Now, CancellationToken.None));
        Assert.Equal(1, readers.IdleCount);

        await ExecuteAsync("ALTER TABLE django_session RENAME TO django_session_away");
        await Assert.ThrowsAsync<SqliteException>(() => readers.ReadAsync(SessionKeys.Generate(), Now, CancellationToken.None));
        Assert.Equal(0, readers.IdleCount);

        await ExecuteAsync("ALTER TABLE django_session_away RENAME TO django_session");
        using var engine = Engine();
        var key = await StoreAsync(engine, 7);
        Assert.Equal(await RowDataAsync(key), await readers.ReadAsync(key, Now, CancellationToken.None));
        Assert.Equal(1, readers.IdleCount);
    }

    [Fact]
    public async Task AKeptReaderWhoseReadFails_IsReplaced_AndTheReadAnswered()
    {
        using var engine = Engine();
        var key = await StoreAsync(engine, 3);
        using var readers = new LiveSessionReaders<FrameworkDbContext>(_file.Contexts);
        Assert.NotNull(await readers.ReadAsync(key, Now, CancellationToken.None));

        // Another table takes the name: the kept statement is out of date (SQLite re-prepares it, or a provider's kept
        // connection died); either way the read answers from the table as it is now.
        await ExecuteAsync("ALTER TABLE django_session RENAME TO django_session_old");
        await ExecuteAsync("CREATE TABLE django_session AS SELECT * FROM django_session_old WHERE 0");
        var again = await StoreAsync(engine, 4);

        Assert.Null(await readers.ReadAsync(key, Now, CancellationToken.None));
        Assert.Equal(await RowDataAsync(again), await readers.ReadAsync(again, Now, CancellationToken.None));
    }

    [Fact]
    public async Task ACancelledRead_IsCancelled_AndItsReaderNotKept()
    {
        using var readers = new LiveSessionReaders<FrameworkDbContext>(_file.Contexts);
        Assert.Null(await readers.ReadAsync(SessionKeys.Generate(), Now, CancellationToken.None));
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => readers.ReadAsync(SessionKeys.Generate(), Now, cancel.Token));

        Assert.Equal(0, readers.IdleCount);
    }

    [Fact]
    public async Task AfterDispose_ReadsStillWork_ButNothingStaysOpen()
    {
        var readers = new LiveSessionReaders<FrameworkDbContext>(_file.Contexts);
        Assert.Null(await readers.ReadAsync(SessionKeys.Generate(), Now, CancellationToken.None));

        readers.Dispose();

        Assert.Equal(0, readers.IdleCount);
        Assert.Null(await readers.ReadAsync(SessionKeys.Generate(), Now, CancellationToken.None));
        Assert.Equal(0, readers.IdleCount);
    }

    private async Task<string?> RowDataAsync(string key)
    {
        await using var db = await _file.NewContexts().CreateDbContextAsync();
        return await db.DjangoSessions.Where(s => s.SessionKey == key).Select(s => s.SessionData).SingleOrDefaultAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await _file.NewContexts().CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}
