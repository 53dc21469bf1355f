using DjangoSessions.Catalog;

namespace BlazorSessionDemo.Tests.AdminSessions;

/// <summary>
/// A save of a session the catalog lists is one UPDATE written outside EF's change tracker: what it writes must read
/// back, sort and expire exactly as what EF writes (the same columns, the same date text), and saves that race to add
/// the same session must leave one entry.
/// </summary>
public class SessionCatalogSaveTests : IDisposable
{
    private static readonly SessionClientInfo Firefox =
        new("198.51.100.1", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0");

    private readonly CatalogTestBed _bed;

    public SessionCatalogSaveTests()
        : this(new CatalogTestBed())
    {
    }

    /// <summary>The same tests on PostgreSQL (<see cref="PostgreSqlSessionCatalogSaveTests"/>).</summary>
    protected SessionCatalogSaveTests(CatalogTestBed bed) => _bed = bed;

    public void Dispose()
    {
        _bed.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Update_WithAClient_StoresTheNewKeyAndClient_KeepsCreatedAndFingerprint()
    {
        // signed_cookies: the stable id stays, the key (the cookie) changes on every save.
        var id = SessionKeys.Generate();
        await _bed.CreateAsync(id, "3", TimeSpan.FromMinutes(5), userName: "carol");
        var created = _bed.Time.GetUtcNow();
        _bed.Time.Advance(TimeSpan.FromSeconds(90));

        await _bed.Catalog.RecordSaveAsync(new SessionSaveRecord(id, "a-new-cookie", "db", "3", _bed.Time.GetUtcNow().AddMinutes(5),
            Created: false, Firefox, "carol"));

        var entry = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
        Assert.Equal(SessionFingerprint.Of(id), entry.Fingerprint);
        Assert.Equal(created, entry.Created);
        Assert.Equal(_bed.Time.GetUtcNow(), entry.LastActivity);
        Assert.Equal("198.51.100.1", entry.IpAddress);
        Assert.Equal(Firefox.UserAgent, entry.UserAgent);
        Assert.Equal("Firefox on Windows", entry.Device);
        Assert.Equal("carol", entry.UserName);
        Assert.Equal("a-new-cookie", Assert.Single(await _bed.Catalog.FindHandlesAsync([entry.Id])).SessionKey);
        Assert.Equal(new SessionEvent(SessionEventKind.Activity, entry.Fingerprint, "3"), _bed.Announced[^1]);
    }

    [Fact]
    public async Task Update_FromAnotherClient_SameUserAndKey_StoresTheNewClient()
    {
        // Only the client differs: the save can't be a mere move of expiry and activity.
        var id = SessionKeys.Generate();
        await _bed.CreateAsync(id, "3", TimeSpan.FromMinutes(5), userName: "carol");
        _bed.Time.Advance(TimeSpan.FromSeconds(30));

        await _bed.Catalog.RecordSaveAsync(new SessionSaveRecord(id, id, "db", "3", _bed.Time.GetUtcNow().AddMinutes(5),
            Created: false, Firefox, "carol"));

        var entry = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
        Assert.Equal("198.51.100.1", entry.IpAddress);
        Assert.Equal("Firefox on Windows", entry.Device);
        Assert.Equal(_bed.Time.GetUtcNow().AddMinutes(5), entry.ExpireDate);
    }

    [Fact]
    public async Task Update_ToAnonymous_ClearsUserAndName()
    {
        var id = SessionKeys.Generate();
        await _bed.CreateAsync(id, "3", TimeSpan.FromMinutes(5), userName: "carol");

        await _bed.Catalog.RecordSaveAsync(new SessionSaveRecord(id, id, "db", null, _bed.Time.GetUtcNow().AddMinutes(5),
            Created: false, SessionClientInfo.Unknown, "carol"));

        var entry = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
        Assert.Null(entry.UserId);
        Assert.Null(entry.UserName);
        Assert.Empty(await _bed.Catalog.FindHandlesOfUserAsync("3"));
    }

    [Fact]
    public async Task AnUpdatedExpiry_IsSweptAtItsNewTime_NotAtTheOldOne()
    {
        // The sweep compares expire_date in SQL: the updated date must compare like EF's own (SQLite stores text).
        var moved = SessionKeys.Generate();
        var other = SessionKeys.Generate();
        await _bed.CreateAsync(moved, "1", TimeSpan.FromMinutes(1));
        await _bed.CreateAsync(other, "2", TimeSpan.FromMinutes(3));
        await _bed.Catalog.RecordSaveAsync(new SessionSaveRecord(moved, moved, "db", "1", _bed.Time.GetUtcNow().AddMinutes(2),
            Created: false, SessionClientInfo.Unknown));

        _bed.Time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromTicks(10));
        Assert.Equal(0, await _bed.Catalog.RemoveExpiredAsync());
        _bed.Time.Advance(TimeSpan.FromTicks(10));
        Assert.Equal(1, await _bed.Catalog.RemoveExpiredAsync());

        var left = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery(SessionSortColumn.ExpireDate, Descending: false))).Items);
        Assert.Equal(SessionFingerprint.Of(other), left.Fingerprint);
        Assert.Equal(SessionFingerprint.Of(moved), _bed.Announced[^1].Fingerprint);
    }

    [Fact]
    public async Task FirstSavesRacing_LeaveOneEntry_AnnouncedAsCreatedOnce()
    {
        var id = SessionKeys.Generate();
        var expiry = _bed.Time.GetUtcNow().AddMinutes(5);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            _bed.Catalog.RecordSaveAsync(new SessionSaveRecord(id, id, "db", "9", expiry, Created: true, CatalogTestBed.Chrome)))));

        var entry = Assert.Single((await _bed.Catalog.ListAsync(new SessionQuery())).Items);
        Assert.Equal("9", entry.UserId);
        Assert.Equal(expiry, entry.ExpireDate);
        Assert.Single(_bed.Announced, e => e.Kind == SessionEventKind.Created);
        Assert.Equal(7, _bed.Announced.Count(e => e.Kind == SessionEventKind.Activity));
    }
}

/// <summary><see cref="SessionCatalogSaveTests"/> on PostgreSQL (its timestamp type and its own quoting of the UPDATE).</summary>
public sealed class PostgreSqlSessionCatalogSaveTests(PostgresTestDatabase database)
    : SessionCatalogSaveTests(new CatalogTestBed(PostgreSqlSessionCatalogTests.Empty(database))), IClassFixture<PostgresTestDatabase>;
