using Microsoft.Data.Sqlite;

namespace BlazorSessionDemo.Tests.Engines.SignedCookies;

/// <summary>
/// The ledger answers "revoked?" on connections it keeps open with the statement prepared (as the db engine reads its
/// rows). Kept open must not mean stale: a revocation another node writes to the shared table is seen by the very next
/// load, an expired row keeps revoking until clearsessions removes it, and a table that goes away fails the load
/// (never "not revoked"; a missing table is a schema fault, as in the db engine, not an outage) until it is back.
/// </summary>
public sealed class SignedCookieLedgerKeptReadTests : IDisposable
{
    private readonly SignedCookieTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task ARevocationByAnotherNode_IsSeenByTheNextLoad_OnAKeptConnection()
    {
        var cookie = (await _bed.SaveNewAsync(("user_id", 1))).SessionKey!;
        var here = _bed.Engine;
        var otherNode = _bed.CreateEngine(SignedCookieTestBed.Secret);
        Assert.NotNull(await here.LoadAsync(cookie));
        Assert.NotNull(await here.LoadAsync(cookie));

        await otherNode.DeleteAsync(cookie);

        Assert.Null(await here.LoadAsync(cookie));
        Assert.False(await here.ExistsAsync(cookie));
    }

    [Fact]
    public async Task ARevokedRowPastItsExpireDate_StillRevokes_UntilClearSessionsRemovesIt()
    {
        var ledger = _bed.CreateLedger();
        await ledger.RevokeAsync("abcdefghijklmnopqrstuvwxyz012345", CancellationToken.None);
        Assert.True(await ledger.IsRevokedAsync("abcdefghijklmnopqrstuvwxyz012345", CancellationToken.None));
        Assert.False(await ledger.IsRevokedAsync("abcdefghijklmnopqrstuvwxyz543210", CancellationToken.None));

        _bed.Time.Advance(TimeSpan.FromSeconds(2 * _bed.Settings.Cookie.CookieAge));

        Assert.True(await ledger.IsRevokedAsync("abcdefghijklmnopqrstuvwxyz012345", CancellationToken.None));
        Assert.Equal(1, await ledger.ClearExpiredAsync(CancellationToken.None));
        Assert.False(await ledger.IsRevokedAsync("abcdefghijklmnopqrstuvwxyz012345", CancellationToken.None));
    }

    [Fact]
    public async Task TheLedgerTableGone_FailsEveryLoad_ThenTheNextLoadAfterItsReturnIsAnswered()
    {
        var live = (await _bed.SaveNewAsync(("user_id", 1))).SessionKey!;
        var revoked = await _bed.LoadAsync((await _bed.SaveNewAsync(("user_id", 2))).SessionKey);
        var revokedCookie = revoked.SessionKey!;
        await revoked.FlushAsync();
        Assert.NotNull(await _bed.Engine.LoadAsync(live));

        await ExecuteAsync("ALTER TABLE revoked_sessions RENAME TO revoked_sessions_away");
        await Assert.ThrowsAsync<SqliteException>(() => _bed.Engine.LoadAsync(live));
        await Assert.ThrowsAsync<SqliteException>(() => _bed.Engine.LoadAsync(revokedCookie));
        await ExecuteAsync("ALTER TABLE revoked_sessions_away RENAME TO revoked_sessions");

        Assert.NotNull(await _bed.Engine.LoadAsync(live));
        Assert.Null(await _bed.Engine.LoadAsync(revokedCookie));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_bed.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
