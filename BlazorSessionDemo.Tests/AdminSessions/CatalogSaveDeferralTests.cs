using DjangoSessions.Catalog;
using Microsoft.Extensions.Options;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// A save that only rolls a session's expiry and activity forward waits in memory (the catalog's UPDATE was two thirds
/// of a write request's CPU); anything else a save changes is written at once, and what waited is written within the
/// activity interval, never re-adding an entry that was removed meanwhile, and never late enough to be swept as expired.
/// </summary>
public class CatalogSaveDeferralTests : IDisposable
{
    private static readonly TimeSpan TwoWeeks = TimeSpan.FromDays(14);
    private readonly CatalogTestBed _bed;
    private readonly CatalogSaveDeferral _deferral;
    private readonly string _id = SessionKeys.Generate();

    public CatalogSaveDeferralTests()
        : this(new CatalogTestBed())
    {
    }

    /// <summary>The same tests on PostgreSQL (<see cref="PostgreSqlCatalogSaveDeferralTests"/>).</summary>
    protected CatalogSaveDeferralTests(CatalogTestBed bed)
    {
        _bed = bed;
        _deferral = new CatalogSaveDeferral(_bed.Time, Options.Create(new SessionCatalogSettings()));
    }

    public void Dispose()
    {
        _bed.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RollingSaves_WaitAnInterval_ThenOneFlushWritesTheLatestExpiryAndItsActivity()
    {
        await WriteAsync(Save(created: true));
        var first = await EntryAsync();

        _bed.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(_deferral.TryDefer(Save()));
        _bed.Time.Advance(TimeSpan.FromSeconds(20));
        var last = Save();
        var lastSavedAt = _bed.Time.GetUtcNow();
        Assert.True(_deferral.TryDefer(last));
        Assert.Equal(first, await EntryAsync());

        _bed.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await _deferral.FlushAsync(_bed.Catalog, all: false, CancellationToken.None));
        Assert.Equal(first, await EntryAsync());
        _bed.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _deferral.FlushAsync(_bed.Catalog, all: false, CancellationToken.None));

        var moved = await EntryAsync();
        Assert.Equal(last.ExpireDate, moved.ExpireDate);
        Assert.Equal(lastSavedAt, moved.LastActivity);
        Assert.Equal(first with { ExpireDate = moved.ExpireDate, LastActivity = moved.LastActivity }, moved);
        Assert.Equal(new SessionEvent(SessionEventKind.Activity, first.Fingerprint, null), _bed.Announced[^1]);
        Assert.Equal(0, await _deferral.FlushAsync(_bed.Catalog, all: true, CancellationToken.None));
    }

    [Fact]
    public async Task ASaveThatChangesMoreThanExpiry_IsWrittenAtOnce()
    {
        await WriteAsync(Save(created: true));
        _bed.Time.Advance(TimeSpan.FromSeconds(5));
        var now = _bed.Time.GetUtcNow();

        Assert.False(_deferral.TryDefer(Save(created: true)));
        Assert.False(_deferral.TryDefer(Save() with { UserId = "4" }), "a login as someone else");
        Assert.False(_deferral.TryDefer(Save() with { UserId = null, UserName = null }), "a logout");
        Assert.False(_deferral.TryDefer(Save() with { UserName = "carol2" }));
        Assert.False(_deferral.TryDefer(Save() with { SessionKey = "cycled" }), "cycle_key, or a signed cookie's new value");
        Assert.False(_deferral.TryDefer(Save() with { ExpireDate = now + TwoWeeks + TimeSpan.FromSeconds(55) }), "lengthened by an interval");
        Assert.False(_deferral.TryDefer(Save() with { Engine = "cache" }));
        Assert.False(_deferral.TryDefer(Save() with { Client = new SessionClientInfo("198.51.100.9", "curl/8.5.0") }));
        Assert.False(_deferral.TryDefer(Save() with { ExpireDate = now.AddDays(1) }), "set_expiry shortened");
        Assert.False(_deferral.TryDefer(Save() with { ExpireDate = now + TwoWeeks + TimeSpan.FromMinutes(5) }), "set_expiry lengthened");
        Assert.True(_deferral.TryDefer(Save() with { Client = SessionClientInfo.Unknown }), "a circuit's save knows no client");
        Assert.False(_deferral.TryDefer(Save() with { SessionId = SessionKeys.Generate() }), "a session never written");
    }

    [Fact]
    public async Task ASignedCookieResigned_WaitsLikeAnyRollingSave_AndItsEntryKeepsTheCookieItHad()
    {
        // signed_cookies: the key is the cookie, new on every save; the stable id stays.
        var signed = Save(created: true) with { SessionKey = "cookie-1", Engine = "signed_cookies" };
        await WriteAsync(signed);
        _bed.Time.Advance(TimeSpan.FromSeconds(10));
        var resigned = Save() with { SessionKey = "cookie-2", Engine = "signed_cookies" };

        Assert.True(_deferral.TryDefer(resigned));
        Assert.False(_deferral.TryDefer(resigned with { SessionKey = _id }), "a key that is no longer a cookie");
        Assert.False(_deferral.TryDefer(resigned with { UserId = "4" }), "a login as someone else");
        _bed.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _deferral.FlushAsync(_bed.Catalog, all: false, CancellationToken.None));

        Assert.Equal(resigned.ExpireDate, (await EntryAsync()).ExpireDate);
        Assert.Equal("cookie-1", Assert.Single(await _bed.Catalog.FindHandlesOfUserAsync("3")).SessionKey);
    }

    [Fact]
    public async Task ASaveNearItsExpiry_IsWrittenAtOnce_SoTheSweepNeverTakesALiveSession()
    {
        // set_expiry(180): two intervals and the sweep's second would be needed for a wait to be safe.
        await WriteAsync(Save(created: true) with { ExpireDate = _bed.Time.GetUtcNow().AddSeconds(180) });
        _bed.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(_deferral.TryDefer(Save() with { ExpireDate = _bed.Time.GetUtcNow().AddSeconds(180) }));

        // 120.5 s left: past two intervals, not past two intervals and the sweep's second.
        var nearer = SessionKeys.Generate();
        await WriteAsync(Save(created: true) with { SessionId = nearer, SessionKey = nearer, ExpireDate = _bed.Time.GetUtcNow().AddSeconds(121) });
        _bed.Time.Advance(TimeSpan.FromSeconds(0.5));

        Assert.False(_deferral.TryDefer(Save() with { SessionId = nearer, SessionKey = nearer, ExpireDate = _bed.Time.GetUtcNow().AddSeconds(121) }));
    }

    [Fact]
    public async Task AnIntervalAfterTheLastWrite_TheNextSaveIsWrittenAtOnce()
    {
        await WriteAsync(Save(created: true));
        _bed.Time.Advance(TimeSpan.FromSeconds(60));

        Assert.False(_deferral.TryDefer(Save()));
    }

    [Fact]
    public async Task AWriteAtOnce_SupersedesWhatWaited()
    {
        await WriteAsync(Save(created: true));
        _bed.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(_deferral.TryDefer(Save()));
        _bed.Time.Advance(TimeSpan.FromSeconds(5));
        var logout = Save() with { UserId = null, UserName = null };
        await WriteAsync(logout);

        _bed.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await _deferral.FlushAsync(_bed.Catalog, all: true, CancellationToken.None));
        var entry = await EntryAsync();
        Assert.Null(entry.UserId);
        Assert.Equal(logout.ExpireDate, entry.ExpireDate);
    }

    [Fact]
    public async Task ASessionRemovedWhileItsSaveWaited_IsNotAddedBack()
    {
        // Ended on another node: this node's memory still holds the wait.
        await WriteAsync(Save(created: true));
        _bed.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(_deferral.TryDefer(Save()));
        await _bed.Catalog.RemoveAsync(_id, SessionEndReason.Revoked);

        Assert.Equal(0, await _deferral.FlushAsync(_bed.Catalog, all: true, CancellationToken.None));

        Assert.Empty((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
        Assert.False(_deferral.TryDefer(Save()), "the next save is a first one again");
    }

    [Fact]
    public async Task AForgottenSession_HasNothingWritten()
    {
        await WriteAsync(Save(created: true));
        var first = await EntryAsync();
        _bed.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(_deferral.TryDefer(Save()));

        _deferral.Forget(_id);

        Assert.Equal(0, await _deferral.FlushAsync(_bed.Catalog, all: true, CancellationToken.None));
        Assert.Equal(first, await EntryAsync());
    }

    [Fact]
    public async Task MoveExpiry_NeverMovesLastActivityBack()
    {
        await WriteAsync(Save(created: true));
        _bed.Time.Advance(TimeSpan.FromSeconds(30));
        var savedAt = _bed.Time.GetUtcNow();
        var expiry = savedAt + TwoWeeks;
        _bed.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await _bed.Catalog.TouchAsync(_id, CatalogTestBed.Chrome));

        var written = (await EntryAsync()).ExpireDate;

        Assert.True(await _bed.Catalog.MoveExpiryAsync(_id, written, expiry, savedAt));

        var entry = await EntryAsync();
        Assert.Equal(expiry, entry.ExpireDate);
        Assert.Equal(savedAt.AddSeconds(10), entry.LastActivity);
        Assert.False(await _bed.Catalog.MoveExpiryAsync(SessionKeys.Generate(), written, expiry, savedAt));
    }

    [Fact]
    public async Task AWaitingSave_NeverUndoesAnotherNodesLaterWrite()
    {
        // Two nodes on one catalog, each with its memory: B lengthens the session (set_expiry, written at once) while
        // A holds an older rolling save. A's flush must not cut the entry back, or the sweep would take a live session.
        var nodeB = new CatalogSaveDeferral(_bed.Time, Options.Create(new SessionCatalogSettings()));
        await WriteAsync(Save(created: true));
        _bed.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(_deferral.TryDefer(Save()));
        _bed.Time.Advance(TimeSpan.FromSeconds(10));
        var lengthened = Save() with { ExpireDate = _bed.Time.GetUtcNow().AddDays(30) };
        await nodeB.WriteAsync(_bed.Catalog, lengthened, CancellationToken.None);

        _bed.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await _deferral.FlushAsync(_bed.Catalog, all: false, CancellationToken.None));

        Assert.Equal(lengthened.ExpireDate, (await EntryAsync()).ExpireDate);
        Assert.False(_deferral.TryDefer(Save()), "A's next save is written at once");
    }

    private SessionSaveRecord Save(bool created = false) =>
        new(_id, _id, "db", "3", _bed.Time.GetUtcNow() + TwoWeeks, created, CatalogTestBed.Chrome, "carol");

    private Task WriteAsync(SessionSaveRecord record) => _deferral.WriteAsync(_bed.Catalog, record, CancellationToken.None);

    private async Task<SessionCatalogEntry> EntryAsync() => Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
}

/// <summary><see cref="CatalogSaveDeferralTests"/> on PostgreSQL (its own UPDATE of expiry and activity).</summary>
public sealed class PostgreSqlCatalogSaveDeferralTests(PostgresTestDatabase database)
    : CatalogSaveDeferralTests(new CatalogTestBed(PostgreSqlSessionCatalogTests.Empty(database))), IClassFixture<PostgresTestDatabase>;
