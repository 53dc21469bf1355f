using DjangoSessions.Signing;
using Microsoft.Extensions.Logging.Abstractions;
using BlazorSessionDemo.Tests.Contract;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace BlazorSessionDemo.Tests.Engines.Db;

/// <summary>
/// clearsessions yields between batches (<c>Session:CleanupBatchPause</c>): after a full batch it waits the pause before
/// the next, so a purge of many rows shares one core with requests instead of holding it. The pause is wall-clock time
/// (a purge in an app whose clock is fake or frozen still ends), so these tests wait for real: about 6 s in all. A 1 s
/// pause left a loaded machine too little room between seeing the first batch gone and checking the second still waits.
/// </summary>
public sealed class DbCleanupPacingTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(3);
    private readonly ContractSqliteFile _file = new("cleanup-pacing");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly DjangoSessionSettings _settings = new();

    public async Task InitializeAsync()
    {
        await _file.CreateTablesAsync();
        _settings.Cleanup.CleanupBatchSize = 2;
        _settings.Cleanup.CleanupBatchPause = Pause;
        _settings.Cookie.CookieAge = 10;
        for (var i = 0; i < 5; i++)
        {
            var session = NewSession();
            await session.LoadAsync();
            session["i"] = i;
            await session.SaveAsync();
        }
        _time.Advance(TimeSpan.FromSeconds(11));
    }

    [Fact]
    public async Task ClearExpired_PausesAfterEachFullBatch_NotAfterTheLast()
    {
        var clock = Stopwatch.StartNew();
        var purge = NewSession().ClearExpiredAsync();

        // The first batch goes at once, the second only after the pause: half a second in, it still waits.
        await RowsBecomeAsync(3);
        await Task.Delay(Pause / 6);
        Assert.Equal(3, await RowsAsync());
        Assert.False(purge.IsCompleted);

        Assert.Equal(5, await purge.WaitAsync(TimeSpan.FromSeconds(60)));
        // 2 + 2 + 1 rows: a pause after each of the two full batches, none after the last (nothing left to yield for).
        // A lower bound only, which a slow machine can't break.
        Assert.True(clock.Elapsed >= 2 * Pause - TimeSpan.FromMilliseconds(50), $"{clock.Elapsed} for two pauses of {Pause}");
        Assert.Equal(0, await RowsAsync());
    }

    [Fact]
    public async Task ClearExpired_ZeroPause_RunsEveryBatch()
    {
        _settings.Cleanup.CleanupBatchPause = TimeSpan.Zero;

        Assert.Equal(5, await NewSession().ClearExpiredAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, await RowsAsync());
    }

    [Fact]
    public async Task ClearExpired_CancelledDuringThePause_StopsWithTheRowsOfTheFinishedBatchesGone()
    {
        using var cancel = new CancellationTokenSource();
        var purge = NewSession().ClearExpiredAsync(cancel.Token);
        await RowsBecomeAsync(3);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => purge.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(3, await RowsAsync());
    }

    private DjangoSession NewSession()
    {
        var codec = new SessionDataCodec(new DjangoSigner(SessionTestHost.Secret, [], SessionDataCodec.Salt, _time), NullLoggerFactory.Instance);
        return new DjangoSession(new DbSessionEngine<FrameworkDbContext>(_file.Contexts, codec, _time, Options.Create(_settings)), _settings, _time);
    }

    private async Task<int> RowsAsync()
    {
        await using var db = await _file.Contexts.CreateDbContextAsync();
        return await db.DjangoSessions.CountAsync();
    }

    // The purge runs on its own; wait (up to 30 s of real time, on a loaded machine) until it has deleted down to a count.
    private async Task RowsBecomeAsync(int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await RowsAsync() != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the purge never reached {expected} rows");
            await Task.Delay(10);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _file.Dispose();
}
