using BlazorSessionDemo.Tests.Contract;
using DjangoSessions.Catalog;
using DjangoSessions.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BlazorSessionDemo.Tests.Engines.Db;

/// <summary>
/// The session stores queue their writes to one SQLite file in process (<c>SessionDbWriteGate</c>) instead of meeting at
/// SQLite's lock, where Microsoft.Data.Sqlite sleeps 150 ms per retry on a blocked thread. Held by hand here: while a turn
/// is held, the db engine's save and delete and the catalog's save wait for it, and go as soon as it is passed on; a
/// write to another file doesn't wait; a waiter that is cancelled leaves and takes no turn.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime, IDisposable
{
    // Long enough for an unqueued write to land on a loaded machine; a queued one never lands while the turn is held.
    private static readonly TimeSpan Held = TimeSpan.FromMilliseconds(300);
    private readonly ContractSqliteFile _file = new("write-gate");
    private readonly ContractSqliteFile _other = new("write-gate-other");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        await _file.CreateTablesAsync();
        await _other.CreateTablesAsync();
    }

    [Fact]
    public async Task WhileATurnIsHeld_TheEnginesSaveAndDelete_AndTheCatalogsSave_Wait_ThenGo()
    {
        var engine = Engine(_file);
        var catalog = new EfSessionCatalog<FrameworkDbContext>(_file.Contexts, new InProcessSessionEventBus(NullLogger<InProcessSessionEventBus>.Instance), _time);
        var existing = SessionKeys.Generate();
        await engine.SaveAsync(existing, [], _time.GetUtcNow().AddHours(1), mustCreate: true);
        var fresh = SessionKeys.Generate();

        Task save, delete, record;
        using (await TurnAsync(_file))
        {
            save = engine.SaveAsync(fresh, [], _time.GetUtcNow().AddHours(1), mustCreate: true);
            delete = engine.DeleteAsync(existing);
            record = catalog.RecordSaveAsync(new SessionSaveRecord(fresh, fresh, "db", "1", _time.GetUtcNow().AddHours(1), Created: true,
                SessionClientInfo.Unknown));
            await Task.Delay(Held);

            Assert.False(save.IsCompleted);
            Assert.False(delete.IsCompleted);
            Assert.False(record.IsCompleted);
            Assert.True(await engine.ExistsAsync(existing), "reads don't queue: only writes take a turn");
        }

        await Task.WhenAll(save, delete, record).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await engine.ExistsAsync(fresh));
        Assert.False(await engine.ExistsAsync(existing));
        Assert.Single((await catalog.ListAsync(new SessionQuery())).Items);
    }

    [Fact]
    public async Task AWriteToAnotherFile_DoesNotWait()
    {
        using (await TurnAsync(_file))
        {
            var key = SessionKeys.Generate();
            await Engine(_other).SaveAsync(key, [], _time.GetUtcNow().AddHours(1), mustCreate: true).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(await Engine(_other).ExistsAsync(key));
        }
    }

    [Fact]
    public async Task AWaiterCancelled_Leaves_AndTheNextWriterStillGetsItsTurn()
    {
        using var cancel = new CancellationTokenSource();
        var engine = Engine(_file);
        Task cancelled;
        using (await TurnAsync(_file))
        {
            cancelled = engine.SaveAsync(SessionKeys.Generate(), [], _time.GetUtcNow().AddHours(1), mustCreate: true, cancel.Token);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        var key = SessionKeys.Generate();
        await engine.SaveAsync(key, [], _time.GetUtcNow().AddHours(1), mustCreate: true).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await engine.ExistsAsync(key));
    }

    private static async Task<IDisposable> TurnAsync(ContractSqliteFile file)
    {
        await using var db = await file.Contexts.CreateDbContextAsync();
        return await SessionDbWriteGate.EnterAsync(db, CancellationToken.None);
    }

    private DbSessionEngine<FrameworkDbContext> Engine(ContractSqliteFile file)
    {
        var codec = new SessionDataCodec(new DjangoSigner(SessionTestHost.Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance);
        return new DbSessionEngine<FrameworkDbContext>(file.Contexts, codec, _time, Options.Create(new DjangoSessionSettings()));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _file.Dispose();
        _other.Dispose();
    }
}
